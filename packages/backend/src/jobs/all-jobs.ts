import type { JobDefinition } from './define-job.js';
import { ensureLogTablesJob } from '../modules/qtmsg/ensure-log-tables.job.js';

/** Every background job the worker runs. */
export const allJobs: readonly JobDefinition[] = [ensureLogTablesJob];
