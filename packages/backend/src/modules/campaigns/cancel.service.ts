import type { CancelResult } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { conflict } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { aggregateRun, runMonths } from '../qtmsg/result-reader.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './campaigns.repo.js';
import { assertCancelAllowed } from './campaign-rules.js';
import { toCampaignView } from './campaign-view.js';
import { getVisibleCampaign } from './campaigns.service.js';
import { countTakenRows, deleteWaitingRows } from './queue-cancel.repo.js';
import { settleRunMoney } from './run-settlement.js';

/**
 * THE cancel (lesson 19), for marketers, company admins and super admins alike: the run is marked
 * cancelled under its row lock (so no further batch is written), waiting queue rows are deleted,
 * rows the agent already took are counted as not cancellable, and the money of everything unsent is
 * released — now when nothing is pending, else by the result job once those rows report.
 */

const FINAL = new Set(['completed', 'partially_failed', 'failed', 'cancelled']);

export async function cancelCampaign(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, reason: string | undefined): Promise<CancelResult> {
  const campaign = await getVisibleCampaign(deps, scope, id);
  assertCancelAllowed(campaign, scope, deps.now(), reason);
  if (FINAL.has(campaign.status)) throw conflict('이미 끝났거나 취소된 캠페인입니다.', { status: campaign.status });
  const now = deps.now();
  const run = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockCampaign(trx, scope.companyId, id);
    if (!locked || FINAL.has(locked.status)) throw conflict('이미 끝났거나 취소된 캠페인입니다.');
    const sendRun = await repo.findSendRun(trx, scope.companyId, id);
    // waits for a dispatch window in flight: after this commits no batch of the run is written
    const lockedRun = sendRun ? await repo.lockRun(trx, scope.companyId, sendRun.id) : undefined;
    if (lockedRun && !FINAL.has(lockedRun.status)) {
      await repo.updateRun(trx, scope.companyId, lockedRun.id, { status: 'cancelled', paused_until: null });
    }
    await repo.updateCampaign(trx, scope.companyId, id, { status: 'cancelled', cancel_reason: reason ?? null, cancelled_at: now });
    await recordAudit(trx, actor, {
      action: 'campaign.cancel', companyId: scope.companyId, targetType: 'campaign', targetId: id,
      details: { reason: reason ?? null, role: scope.role, runId: lockedRun?.id ?? null, statusBefore: locked.status },
    });
    return lockedRun;
  });
  const outcome = run ? await takeBack(deps, run) : { cancelled: 0, notCancellable: 0, refund: null };
  const after = await getVisibleCampaign(deps, scope, id);
  return { campaign: toCampaignView(after, await repo.findSendRun(deps.db, scope.companyId, id), deps.now()), ...outcome };
}

async function takeBack(deps: AppDeps, run: repo.RunRow): Promise<Omit<CancelResult, 'campaign'>> {
  const deleted = run.tables.length > 0 ? await deleteWaitingRows(deps.mysql, run.tables, run.id) : 0;
  const taken = run.tables.length > 0 ? await countTakenRows(deps.mysql, run.tables, run.id) : 0;
  const neverQueued = run.frozen ? Math.max(0, run.total - run.queued - run.render_failed) : 0;
  const cancelled = deleted + neverQueued;
  const summary = run.tables.length > 0 && run.dispatch_started_at
    ? await aggregateRun(deps.mysql, run.tables, run.id, runMonths(new Date(run.dispatch_started_at), deps.now()))
    : null;
  return deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockRun(trx, run.company_id, run.id)) ?? run;
    const patch = {
      cancelled, not_cancellable: taken,
      ...(summary ? { success: summary.success, failed: summary.failure, pending: summary.pending, result_summary: JSON.stringify(summary) } : {}),
    };
    let refund: string | null = null;
    if (!locked.settled_at && (summary?.pending ?? 0) === 0) {
      refund = await settleRunMoney(trx, locked, summary?.success ?? 0);
      await repo.updateRun(trx, run.company_id, run.id, { ...patch, settled_at: deps.now(), completed_at: deps.now() });
    } else {
      await repo.updateRun(trx, run.company_id, run.id, patch);
    }
    return { cancelled, notCancellable: taken, refund };
  });
}
