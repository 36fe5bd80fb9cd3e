import type { Transaction } from 'kysely';
import type { Campaign } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { priceFor } from '../billing/billing.service.js';
import { assertCallbackUsable } from '../callback-numbers/callback-numbers.service.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './campaigns.repo.js';
import { assertScheduleTime, assertSendWindow } from './campaign-rules.js';
import { toCampaignView } from './campaign-view.js';
import { assertCampaignMessage } from './message-check.js';
import { getCompanySettings, loadCatalog, specOf, windowOf } from './run-context.js';
import { scheduleDispatch } from './dispatch-run.job.js';
import { getVisibleCampaign } from './campaigns.service.js';

/**
 * Send now / schedule (lessons 2, 3, 20): every check runs before anything is written; the run row
 * carries the Idempotency-Key, so a retried or double-clicked request finds the same run.
 */

type Trx = Transaction<Database>;

export interface SendOptions {
  /** null = now. */
  scheduledAt: Date | null;
  splitPerMinute?: number | null | undefined;
  idempotencyKey: string | undefined;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key || !/^[\x21-\x7e]{8,100}$/.test(key)) {
    throw validationFailed('발송 요청에는 Idempotency-Key 헤더(8–100자)가 필요합니다. 같은 요청을 다시 보낼 때는 같은 값을 쓰세요.');
  }
  return key;
}

/** All checks of a send request; throws a Korean 400 (or 402/409) and writes nothing. */
export async function assertSendable(
  deps: AppDeps, scope: CompanyScope, campaign: repo.CampaignRow, scheduledAt: Date | null, opts: { skipTime?: boolean } = {},
): Promise<void> {
  const company = await getCompanySettings(deps, campaign.company_id);
  const spec = specOf(campaign, company.opt_out_080_number);
  await assertCampaignMessage(deps, scope, campaign, spec, await loadCatalog(deps, campaign));
  if (campaign.callback_mode === 'fixed') await assertCallbackUsable(deps, scope, campaign.callback_number ?? '');
  const window = windowOf(campaign, company);
  if (opts.skipTime) return;
  if (scheduledAt) assertScheduleTime(scheduledAt, deps.now(), window);
  else assertSendWindow(deps.now(), window, false);
}

/** Inserts the send run and moves the campaign to scheduled/dispatching (inside the caller's transaction). */
export async function createSendRun(
  _deps: AppDeps,
  trx: Trx,
  scope: CompanyScope,
  actor: Actor,
  campaign: repo.CampaignRow,
  opts: { scheduledAt: Date | null; splitPerMinute: number | null; idempotencyKey: string },
  // read before the transaction: a pool query inside it could starve the pool under load
  company: repo.CompanySendSettings,
): Promise<repo.RunRow> {
  const run = await repo.insertRun(trx, {
    company_id: campaign.company_id,
    campaign_id: campaign.id,
    kind: 'send',
    status: opts.scheduledAt ? 'scheduled' : 'dispatching',
    msg_type: campaign.msg_type,
    unit_price: priceFor(company, campaign.msg_type),
    billing_type: company.billing_type,
    is_ad: campaign.is_ad,
    idempotency_key: opts.idempotencyKey,
    created_by: scope.userId,
    scheduled_at: opts.scheduledAt,
  });
  await repo.updateCampaign(trx, campaign.company_id, campaign.id, {
    status: opts.scheduledAt ? 'scheduled' : 'dispatching',
    scheduled_at: opts.scheduledAt,
    split_per_minute: opts.splitPerMinute,
  });
  await recordAudit(trx, actor, {
    action: opts.scheduledAt ? 'campaign.schedule' : 'campaign.send',
    companyId: campaign.company_id,
    targetType: 'campaign',
    targetId: campaign.id,
    details: { runId: run.id, scheduledAt: opts.scheduledAt?.toISOString() ?? null, splitPerMinute: opts.splitPerMinute },
  });
  return run;
}

async function replayed(deps: AppDeps, scope: CompanyScope, key: string, campaignId: string): Promise<Campaign | null> {
  const run = await repo.findRunByIdempotencyKey(deps.db, scope.companyId, key);
  if (!run) return null;
  if (run.campaign_id !== campaignId) throw conflict('이 Idempotency-Key는 다른 발송에 이미 사용되었습니다.');
  const campaign = await repo.findCampaign(deps.db, scope.companyId, campaignId);
  if (!campaign) throw notFound('캠페인');
  return toCampaignView(campaign, await repo.findSendRun(deps.db, scope.companyId, campaignId), deps.now());
}

export async function sendCampaign(deps: AppDeps, scope: CompanyScope, actor: Actor, campaignId: string, opts: SendOptions): Promise<Campaign> {
  const key = requireIdempotencyKey(opts.idempotencyKey);
  const again = await replayed(deps, scope, key, campaignId);
  if (again) return again;
  try {
    return await sendOnce(deps, scope, actor, campaignId, opts, key);
  } catch (err) {
    // A concurrent request with the same key (a double click, a client retry) committed after our
    // first look: we lost the race on the campaign lock or the key's unique index. Answer as its replay.
    const raced = isUniqueViolation(err) || (err instanceof AppError && err.status === 409);
    if (!raced) throw err;
    const winner = await replayed(deps, scope, key, campaignId);
    if (winner) return winner;
    if (isUniqueViolation(err)) throw conflict('이미 발송(예약)된 캠페인입니다.');
    throw err;
  }
}

async function sendOnce(
  deps: AppDeps, scope: CompanyScope, actor: Actor, campaignId: string, opts: SendOptions, key: string,
): Promise<Campaign> {
  const campaign = await getVisibleCampaign(deps, scope, campaignId);
  if (campaign.status !== 'draft' && campaign.status !== 'failed') {
    throw conflict('이미 발송(예약)된 캠페인입니다.', { status: campaign.status });
  }
  await assertSendable(deps, scope, campaign, opts.scheduledAt);
  const company = await getCompanySettings(deps, campaign.company_id);
  const run = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockCampaign(trx, scope.companyId, campaignId);
    if (!locked || (locked.status !== 'draft' && locked.status !== 'failed')) {
      throw new AppError('conflict', 409, '이미 발송(예약)된 캠페인입니다.', { status: locked?.status });
    }
    return createSendRun(deps, trx, scope, actor, locked, {
      scheduledAt: opts.scheduledAt, splitPerMinute: opts.splitPerMinute ?? locked.split_per_minute, idempotencyKey: key,
    }, company);
  });
  if (!opts.scheduledAt) await scheduleDispatch(deps, run.company_id, run.id);
  const after = await repo.findCampaign(deps.db, scope.companyId, campaignId);
  return toCampaignView(after ?? campaign, run, deps.now());
}
