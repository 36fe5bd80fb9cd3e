import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { claimScheduledCampaigns } from './schedule.service.js';

/** Every 10 s: claims due scheduled campaigns atomically and queues their dispatch (lesson 1). */
export const dispatchScheduledJob = defineJob({
  name: 'dispatch-scheduled',
  payload: z.object({}).strict(),
  repeat: { every: 10_000 },
  concurrency: 1,
  attempts: 1,
  async handler(_payload, { deps, log }) {
    const claimed = await claimScheduledCampaigns(deps);
    if (claimed.length > 0) log.info({ runs: claimed }, 'scheduled campaigns claimed');
  },
});
