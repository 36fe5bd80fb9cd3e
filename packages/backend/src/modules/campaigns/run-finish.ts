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

/** The counts a run closed past the timeout shows: its unreported messages are failures now. */
function closedCounts(summary: RunResultSummary) {
  return { success: summary.success, failed: summary.failure + summary.pending, pending: 0, result_summary: JSON.stringify(summary) };
}

/** The moment a run's waiting for results started: when its last batch was queued, or it was cancelled. */
function waitingSince(run: repo.RunRow, now: Date): number {
  const at = run.dispatched_at ?? run.completed_at ?? run.dispatch_started_at;
  return at ? new Date(at).getTime() : now.getTime();
}

/**
 * Writes a run's result counts and, when it is over, its final state and settlement — under the
 * run's row lock, so a concurrent cancel or a second job tick cannot settle twice. Over = every
 * batch queued (status `sending`) and nothing pending, or pending past the timeout (closed; the
 * unreported messages count as failed and are released). A cancelled run whose taken messages
 * never report is settled after the same timeout. Returns true when the run was finished now.
 */
export async function finishRun(deps: AppDeps, run: FinishableRun, summary: RunResultSummary, now: Date, stuckAfterMs: number): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRun(trx, run.company_id, run.id);
    if (!locked) return false;
    const counts = {
      success: summary.success, failed: summary.failure, pending: summary.pending, result_summary: JSON.stringify(summary),
    };
    const stuck = now.getTime() - waitingSince(locked, now) > stuckAfterMs;
    const timedOutNote = `결과 대기 시간 초과로 종료 (${summary.pending}건 미수신, 환불)`;
    if (locked.status === 'cancelled') {
      if (locked.settled_at || (summary.pending > 0 && !stuck)) {
        if (!locked.settled_at) await repo.updateRun(trx, run.company_id, run.id, counts);
        return false;
      }
      await settleRunMoney(trx, locked, summary.success);
      await repo.updateRun(trx, run.company_id, run.id, {
        ...(summary.pending > 0 ? closedCounts(summary) : counts), settled_at: now, completed_at: locked.completed_at ?? now,
        failure_reason: summary.pending > 0 ? timedOutNote : locked.failure_reason,
      });
      return true;
    }
    if (locked.status !== 'sending' || (summary.pending > 0 && !stuck)) {
      await repo.updateRun(trx, run.company_id, run.id, counts);
      return false;
    }
    const unsuccessful = summary.failure + summary.pending + locked.render_failed;
    const status = finalStatus(summary.success, unsuccessful);
    await settleRunMoney(trx, locked, summary.success);
    await repo.updateRun(trx, run.company_id, run.id, {
      ...(summary.pending > 0 ? closedCounts(summary) : counts), status, completed_at: now, settled_at: now,
      failure_reason: summary.pending > 0 ? timedOutNote : locked.failure_reason,
    });
    if (locked.kind === 'send') await repo.updateCampaign(trx, run.company_id, run.campaign_id, { status });
    return true;
  });
}
