import { sql } from 'kysely';
import type { AppDeps } from '../../app.js';
import { aggregateRuns, runMonths } from '../qtmsg/result-reader.js';
import { finishRun, type FinishableRun } from '../campaigns/campaigns.service.js';

/**
 * The periodic result job (lesson 18): every active run, grouped by its table set, aggregated in
 * one UNION ALL per group over live + log tables of the months the runs can touch. A run that was
 * fully queued and has nothing pending is finished (state + money, once); a run still pending past
 * the timeout is closed and its unreported messages refunded (lesson 16). A failing group never
 * stops the others.
 */

export const STUCK_AFTER_MS = 48 * 3_600_000;

interface ActiveRun extends FinishableRun {
  tables: string[];
  dispatch_started_at: Date | null;
}

async function listActiveRuns(deps: AppDeps): Promise<ActiveRun[]> {
  const rows = await sql<ActiveRun>`
    SELECT * FROM campaign_runs
    WHERE (status IN ('dispatching', 'sending') OR (status = 'cancelled' AND settled_at IS NULL))
      AND frozen AND cardinality(tables) > 0
    ORDER BY created_at LIMIT 500`.execute(deps.db);
  return rows.rows;
}

export async function syncRunResults(deps: AppDeps): Promise<{ runs: number; finished: number; errors: number }> {
  const runs = await listActiveRuns(deps);
  const groups = new Map<string, ActiveRun[]>();
  for (const run of runs) groups.set(run.tables.join(','), [...(groups.get(run.tables.join(',')) ?? []), run]);
  let finished = 0;
  let errors = 0;
  const now = deps.now();
  for (const group of groups.values()) {
    try {
      const earliest = Math.min(...group.map((r) => new Date(r.dispatch_started_at ?? r.created_at).getTime()));
      const summaries = await aggregateRuns(deps.mysql, group[0]!.tables, group.map((r) => r.id), runMonths(new Date(earliest), now));
      for (const run of group) {
        const summary = summaries.get(run.id);
        if (summary && (await finishRun(deps, run, summary, now, STUCK_AFTER_MS))) finished++;
      }
    } catch (err) {
      errors++;
      deps.logger.error({ err, runs: group.map((r) => r.id) }, 'result sync failed for a table group');
    }
  }
  return { runs: runs.length, finished, errors };
}
