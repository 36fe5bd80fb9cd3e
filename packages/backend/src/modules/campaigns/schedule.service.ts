import { sql } from 'kysely';
import { normalizeMobile, type Campaign, type RescheduleCampaignBody, type UpdateCampaignMessageBody } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './campaigns.repo.js';
import { assertEditable, assertScheduleTime } from './campaign-rules.js';
import { toCampaignView } from './campaign-view.js';
import { assertSendable } from './send.service.js';
import { getVisibleCampaign, messageColumnsOf } from './campaigns.service.js';
import { getCompanySettings, windowOf } from './run-context.js';
import { dispatchRunJob, scheduleDispatch } from './dispatch-run.job.js';

/**
 * Scheduled campaigns are held by us until their time (DESIGN-NOTES §3): reschedule, message edits
 * and recipient removal touch only Postgres. The scheduler claims due campaigns with one atomic
 * state transition, so two workers never dispatch the same campaign (lesson 1).
 */

const STALE_DISPATCH_MS = 5 * 60_000;

export async function claimScheduledCampaigns(deps: AppDeps, limit = 20): Promise<string[]> {
  const runs = await deps.db.transaction().execute(async (trx) => {
    const claimed = await repo.claimDueCampaigns(trx, deps.now(), limit);
    const out: repo.RunRow[] = [];
    for (const c of claimed) {
      const run = await repo.findSendRun(trx, c.company_id, c.id);
      if (!run || run.status !== 'scheduled') continue;
      out.push(await repo.updateRun(trx, c.company_id, run.id, { status: 'dispatching' }));
    }
    return out;
  });
  for (const run of runs) await scheduleDispatch(deps, run.company_id, run.id);
  await requeueStaleDispatches(deps);
  return runs.map((r) => r.id);
}

/** A dispatch whose worker died before BullMQ noticed (or whose job was lost) is queued again. */
async function requeueStaleDispatches(deps: AppDeps): Promise<void> {
  const now = deps.now();
  const stale = await deps.db.selectFrom('campaign_runs').select(['company_id', 'id', 'paused_until'])
    .where('status', '=', 'dispatching').where('updated_at', '<', new Date(now.getTime() - STALE_DISPATCH_MS))
    .where(sql<boolean>`(paused_until IS NULL OR paused_until <= ${now})`).limit(50).execute();
  const slot = Math.floor(now.getTime() / STALE_DISPATCH_MS);
  for (const run of stale) {
    await deps.queues.enqueue(dispatchRunJob, { companyId: run.company_id, runId: run.id },
      { jobId: `${run.id}-sweep-${slot}` });
  }
}

export async function rescheduleCampaign(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, body: RescheduleCampaignBody): Promise<Campaign> {
  const campaign = await getVisibleCampaign(deps, scope, id);
  if (campaign.status !== 'scheduled') throw validationFailed('예약된 캠페인만 예약 시간을 바꿀 수 있습니다.');
  const at = new Date(body.scheduledAt);
  const company = await getCompanySettings(deps, campaign.company_id);
  assertScheduleTime(at, deps.now(), windowOf(campaign, company));
  const row = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockCampaign(trx, scope.companyId, id);
    if (!locked) throw validationFailed('캠페인을 찾을 수 없습니다.');
    assertEditable(locked, scope, deps.now(), body.reason);
    const run = await repo.findSendRun(trx, scope.companyId, id);
    if (run) await repo.updateRun(trx, scope.companyId, run.id, { scheduled_at: at });
    await recordAudit(trx, actor, {
      action: 'campaign.reschedule', companyId: scope.companyId, targetType: 'campaign', targetId: id,
      details: { from: locked.scheduled_at, to: at.toISOString(), reason: body.reason ?? null },
    });
    return repo.updateCampaign(trx, scope.companyId, id, {
      scheduled_at: at,
      ...(body.splitPerMinute !== undefined ? { split_per_minute: body.splitPerMinute } : {}),
    });
  });
  return toCampaignView(row, await repo.findSendRun(deps.db, scope.companyId, id), deps.now());
}

export async function updateCampaignMessage(
  deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, body: UpdateCampaignMessageBody, reason?: string,
): Promise<Campaign> {
  const campaign = await getVisibleCampaign(deps, scope, id);
  assertEditable(campaign, scope, deps.now(), reason);
  const candidate: repo.CampaignRow = { ...campaign, ...messageColumnsOf(body), mms_images: body.mmsImages };
  await assertSendable(deps, scope, candidate, null, { skipTime: true });
  const row = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockCampaign(trx, scope.companyId, id);
    if (!locked) throw validationFailed('캠페인을 찾을 수 없습니다.');
    assertEditable(locked, scope, deps.now(), reason);
    await recordAudit(trx, actor, {
      action: 'campaign.message.update', companyId: scope.companyId, targetType: 'campaign', targetId: id,
      details: { before: { type: locked.msg_type, subject: locked.subject, body: locked.body, isAd: locked.is_ad }, reason: reason ?? null },
    });
    return repo.updateCampaign(trx, scope.companyId, id, messageColumnsOf(body));
  });
  return toCampaignView(row, await repo.findSendRun(deps.db, scope.companyId, id), deps.now());
}

/** Removes one phone from a not-yet-dispatched campaign (it is excluded when the recipients are frozen). */
export async function removeCampaignRecipient(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, phoneInput: string): Promise<Campaign> {
  const phone = normalizeMobile(phoneInput);
  if (!phone) throw validationFailed(`휴대폰 번호 형식이 올바르지 않습니다: ${phoneInput}`);
  const row = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockCampaign(trx, scope.companyId, id);
    if (!locked) throw validationFailed('캠페인을 찾을 수 없습니다.');
    assertEditable(locked, scope, deps.now(), undefined);
    await recordAudit(trx, actor, {
      action: 'campaign.recipient.remove', companyId: scope.companyId, targetType: 'campaign', targetId: id, details: { phone },
    });
    const excluded = [...new Set([...locked.excluded_phones, phone])];
    return repo.updateCampaign(trx, scope.companyId, id, { excluded_phones: excluded });
  });
  return toCampaignView(row, await repo.findSendRun(deps.db, scope.companyId, id), deps.now());
}
