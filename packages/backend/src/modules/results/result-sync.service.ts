import { sql } from 'kysely';
import type { RunResultSummary } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { aggregateRuns, runMonths } from '../qtmsg/result-reader.js';
import { finishRun, type FinishableRun } from '../campaigns/campaigns.service.js';

/**
 * The periodic result job (lesson 18): every active run, grouped by its table set, aggregated in
 * one UNION ALL per group over live + log tables of the months the runs can touch (a missing log
 * table holds nothing). A run that was fully queued and has nothing pending is finished (state +
 * money, once); a run still pending past the timeout is closed and its unreported messages refunded
 * (lesson 16). Isolation: a group whose read fails never stops the other groups, and one run whose
 * finish fails never stops the other runs of its group. A run whose tables can no longer be read
 * at all is still closed after the timeout, with the results it last reported.
 */

export const STUCK_AFTER_MS = 48 * 3_600_000;

interface ActiveRun extends FinishableRun {
  tables: string[];
  dispatch_started_at: Date | null;
}

const PAGE = 500;

/** One page of active runs after the id `after` (keyset): every tick reaches every run, however many. */
async function listActiveRuns(deps: AppDeps, after: string | null, limit: number): Promise<ActiveRun[]> {
  const rows = await sql<ActiveRun>`
    SELECT * FROM campaign_runs
    WHERE (status IN ('dispatching', 'sending') OR (status = 'cancelled' AND settled_at IS NULL))
      AND frozen AND cardinality(tables) > 0
      ${after ? sql`AND id > ${after}::uuid` : sql``}
    ORDER BY id LIMIT ${limit}`.execute(deps.db);
  return rows.rows;
}

const isStuck = (run: ActiveRun, now: Date) =>
  run.status === 'sending' && run.dispatched_at !== null && now.getTime() - new Date(run.dispatched_at).getTime() > STUCK_AFTER_MS;

/** The results a run last reported (its stored counts); everything queued and not reported is pending. */
function lastKnownSummary(run: ActiveRun): RunResultSummary {
  const stored = run.result_summary as RunResultSummary | null;
  const success = stored?.success ?? run.success;
  const failure = stored?.failure ?? run.failed;
  const pending = Math.max(0, run.queued - success - failure);
  return { byCode: [], byCarrier: [], ...stored, success, failure, pending, total: success + failure + pending };
}

interface Tally {
  finished: number;
  errors: number;
}

async function finishEach(deps: AppDeps, runs: ReadonlyArray<{ run: ActiveRun; summary: RunResultSummary }>, now: Date, tally: Tally): Promise<void> {
  for (const { run, summary } of runs) {
    try {
      if (await finishRun(deps, run, summary, now, STUCK_AFTER_MS)) tally.finished++;
    } catch (err) {
      tally.errors++;
      deps.logger.error({ err, runId: run.id, companyId: run.company_id }, 'result sync failed for a run');
    }
  }
}

async function syncGroup(deps: AppDeps, group: ActiveRun[], now: Date, tally: Tally): Promise<void> {
  let summaries: Map<string, RunResultSummary>;
  try {
    const earliest = Math.min(...group.map((r) => new Date(r.dispatch_started_at ?? r.created_at).getTime()));
    summaries = await aggregateRuns(deps.mysql, group[0]!.tables, group.map((r) => r.id), runMonths(new Date(earliest), now));
  } catch (err) {
    tally.errors++;
    deps.logger.error({ err, runs: group.map((r) => r.id), tables: group[0]!.tables }, 'result sync failed for a table group');
    const stuck = group.filter((r) => isStuck(r, now));
    await finishEach(deps, stuck.map((run) => ({ run, summary: lastKnownSummary(run) })), now, tally);
    return;
  }
  await finishEach(deps, group.flatMap((run) => {
    const summary = summaries.get(run.id);
    return summary ? [{ run, summary }] : [];
  }), now, tally);
}

export async function syncRunResults(deps: AppDeps, opts: { pageSize?: number } = {}): Promise<{ runs: number; finished: number; errors: number }> {
  const pageSize = opts.pageSize ?? PAGE;
  const tally: Tally = { finished: 0, errors: 0 };
  const now = deps.now();
  let seen = 0;
  for (let after: string | null = null; ;) {
    const runs = await listActiveRuns(deps, after, pageSize);
    seen += runs.length;
    const groups = new Map<string, ActiveRun[]>();
    for (const run of runs) groups.set(run.tables.join(','), [...(groups.get(run.tables.join(',')) ?? []), run]);
    for (const group of groups.values()) await syncGroup(deps, group, now, tally);
    if (runs.length < pageSize) break;
    after = runs[runs.length - 1]!.id;
  }
  return { runs: seen, ...tally };
}
