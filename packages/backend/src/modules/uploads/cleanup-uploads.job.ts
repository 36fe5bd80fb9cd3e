import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { cleanupUploads } from './uploads.service.js';

/** Hourly: uploaded files older than 24 h are deleted (imported ones are deleted right away). */
export const cleanupUploadsJob = defineJob({
  name: 'cleanup-uploads',
  payload: z.object({}).strict(),
  repeat: { pattern: '17 * * * *', tz: 'Asia/Seoul' },
  runAtBoot: true,
  concurrency: 1,
  async handler(_payload, { deps, log }) {
    const removed = await cleanupUploads(deps);
    if (removed > 0) log.info({ removed }, 'expired uploads deleted');
  },
});
