import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { evaluateSpamTests } from './spam-verdicts.service.js';

/** Every 15 s: verdicts of running spam tests, completion, and the start of queued ones. */
export const evaluateSpamTestsJob = defineJob({
  name: 'evaluate-spam-tests',
  payload: z.object({}).strict(),
  repeat: { every: 15_000 },
  concurrency: 1,
  attempts: 1,
  async handler(_payload, { deps, log }) {
    const summary = await evaluateSpamTests(deps, deps.now());
    if (summary.running > 0 || summary.started > 0) log.debug(summary, 'spam tests evaluated');
  },
});
