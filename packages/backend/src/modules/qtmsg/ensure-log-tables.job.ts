import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { ensureLogTables } from './log-tables.service.js';

/** Boot and daily: this and next month's log tables exist for every configured queue table. */
export const ensureLogTablesJob = defineJob({
  name: 'ensure-log-tables',
  payload: z.object({}).strict(),
  repeat: { pattern: '10 0 * * *', tz: 'Asia/Seoul' },
  runAtBoot: true,
  concurrency: 1,
  async handler(_payload, { deps, log }) {
    const tables = await ensureLogTables(deps.mysqlAdmin, deps.config.smsTables);
    log.info({ count: tables.length }, 'QTmsg log tables ensured');
  },
});
