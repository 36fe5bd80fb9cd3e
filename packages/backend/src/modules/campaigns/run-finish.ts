import type { RunResultSummary } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { RunStatus } from '../../db/schema.js';
import * as repo from './campaigns.repo.js';
import { settleRunMoney } from './run-settlement.js';

export type FinishableRun = repo.RunRow;

function finalStatus(success: number, unsuccessful: number): RunStatus {
  if (success === 0) return 'failed';
  return unsuccessful === 0 ? 'completed' : 'partially_failed';
}

/**
 * Writes a run's result counts and, when it is over, its final state and settlement — under the
 * run's row lock, so a concurrent cancel or a second job tick cannot settle twice. Over = every
 * batch queued (status `sending`) and nothing pending, or pending past the timeout (closed; the
 * unreported messages are released like failures). Returns true when the run was finished now.
 */
export async function finishRun(deps: AppDeps, run: FinishableRun, summary: RunResultSummary, now: Date, stuckAfterMs: number): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRun(trx, run.company_id, run.id);
    if (!locked) return false;
    const counts = {
      success: summary.success, failed: summary.failure, pending: summary.pending, result_summary: JSON.stringify(summary),
    };
    if (locked.status === 'cancelled') {
      if (locked.settled_at || summary.pending > 0) {
        await repo.updateRun(trx, run.company_id, run.id, counts);
        return false;
      }
      await settleRunMoney(trx, locked, summary.success);
      await repo.updateRun(trx, run.company_id, run.id, { ...counts, settled_at: now, completed_at: locked.completed_at ?? now });
      return true;
    }
    const since = locked.dispatched_at ? new Date(locked.dispatched_at).getTime() : now.getTime();
    const stuck = now.getTime() - since > stuckAfterMs;
    if (locked.status !== 'sending' || (summary.pending > 0 && !stuck)) {
      await repo.updateRun(trx, run.company_id, run.id, counts);
      return false;
    }
    const unsuccessful = summary.failure + summary.pending + locked.render_failed;
    const status = finalStatus(summary.success, unsuccessful);
    await settleRunMoney(trx, locked, summary.success);
    await repo.updateRun(trx, run.company_id, run.id, {
      ...counts, status, completed_at: now, settled_at: now,
      failure_reason: stuck && summary.pending > 0 ? `결과 대기 시간 초과로 종료 (${summary.pending}건 미수신, 환불)` : locked.failure_reason,
    });
    if (locked.kind === 'send') await repo.updateCampaign(trx, run.company_id, run.campaign_id, { status });
    return true;
  });
}
