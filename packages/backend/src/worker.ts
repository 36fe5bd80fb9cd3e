import { loadConfigOrExit } from './config.js';
import { createLogger } from './logger.js';
import { closeDeps, createDeps, logSmsTables } from './deps.js';
import { createMysqlPool } from './db/mysql.js';
import { allJobs } from './jobs/all-jobs.js';
import { startWorkers } from './jobs/run-workers.js';

const config = loadConfigOrExit();
const logger = createLogger(config, 'worker');
const base = createDeps(config, logger);
const deps = { ...base, mysqlAdmin: createMysqlPool(config.mysqlAdminUrl, 2) };
logSmsTables(logger, config.smsTables);

const workers = await startWorkers(deps, deps.queues, deps.queues.connection, deps.queues.prefix, allJobs);
logger.info({ jobs: allJobs.map((j) => j.name) }, 'worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker shutting down: finishing active jobs');
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  await workers.close();
  await deps.mysqlAdmin.end();
  await closeDeps(base);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
