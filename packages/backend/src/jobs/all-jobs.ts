import type { JobDefinition } from './define-job.js';
import { dispatchRunJob } from '../modules/campaigns/dispatch-run.job.js';
import { dispatchScheduledJob } from '../modules/campaigns/dispatch-scheduled.job.js';
import { syncResultsJob } from '../modules/results/result-sync.job.js';
import { ensureLogTablesJob } from '../modules/qtmsg/ensure-log-tables.job.js';
import { importCustomersJob } from '../modules/uploads/import-customers.job.js';
import { cleanupUploadsJob } from '../modules/uploads/cleanup-uploads.job.js';
import { evaluateSpamTestsJob } from '../modules/spam-filter/evaluate-spam-tests.job.js';

/** Every background job the worker runs. */
export const allJobs: readonly JobDefinition[] = [ensureLogTablesJob, importCustomersJob, cleanupUploadsJob, dispatchRunJob, dispatchScheduledJob, syncResultsJob, evaluateSpamTestsJob];
