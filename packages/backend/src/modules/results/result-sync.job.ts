import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { syncRunResults } from './result-sync.service.js';

/** Every 15 s: counts of every active run from QTmsg, state changes and settlement. */
export const syncResultsJob = defineJob({
  name: 'sync-run-results',
  payload: z.object({}).strict(),
  repeat: { every: 15_000 },
  concurrency: 1,
  attempts: 1,
  async handler(_payload, { deps, log }) {
    const result = await syncRunResults(deps);
    if (result.runs > 0) log.debug(result, 'run results synced');
  },
});
