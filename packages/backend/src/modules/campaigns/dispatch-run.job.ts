import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { defineJob } from '../../jobs/define-job.js';
import { dispatchRun } from './dispatch.service.js';

/**
 * One dispatch = one BullMQ job (jobId = run id). A window pause or a split send re-queues the same
 * run as a delayed job; a crashed worker's job is retried (or picked up as stalled) and resumes from
 * the checkpoint and the batch tags in MySQL.
 */
export const DispatchRunPayload = z.object({ companyId: z.uuid(), runId: z.uuid() }).strict();

export const dispatchRunJob = defineJob({
  name: 'dispatch-run',
  payload: DispatchRunPayload,
  concurrency: 4,
  attempts: 10,
  async handler({ companyId, runId }, { deps, log }) {
    const outcome = await dispatchRun(deps, companyId, runId);
    if (outcome.kind === 'wait') {
      log.info({ runId, until: outcome.until, reason: outcome.reason }, 'dispatch paused');
      await scheduleDispatch(deps, companyId, runId, outcome.until);
    }
  },
});

/** Queues the dispatch of a run now or at `at`. Ids are unique per due time, so a re-queue never collides. */
export async function scheduleDispatch(deps: AppDeps, companyId: string, runId: string, at?: Date): Promise<void> {
  const delay = at ? Math.max(0, at.getTime() - deps.now().getTime()) : 0;
  const jobId = at ? `${runId}-at-${at.getTime()}` : runId;
  await deps.queues.enqueue(dispatchRunJob, { companyId, runId }, { jobId, delay });
}
