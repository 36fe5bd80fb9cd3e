import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { AppDeps } from './app.js';
import { createPostgres } from './db/postgres.js';
import { configureSmsTables, createMysqlPool } from './db/mysql.js';
import { createRedis } from './db/redis.js';
import { bullPrefix, createBullConnection, JobQueues } from './jobs/queues.js';

/** Opens the shared connections of a process (API or worker). */
export function createDeps(config: Config, logger: Logger): AppDeps {
  configureSmsTables(config.smsTables);
  return {
    config,
    logger,
    db: createPostgres(config.databaseUrl, 10, (err) => logger.warn({ err: err.message }, 'PostgreSQL idle connection lost')),
    mysql: createMysqlPool(config.mysqlUrl),
    redis: createRedis(config.redisUrl, (err) => logger.warn({ err: err.message }, 'Redis connection error')),
    now: () => new Date(),
    queues: new JobQueues(createBullConnection(config.redisUrl), bullPrefix(config.redisPrefix)),
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  await deps.queues.close();
  await Promise.allSettled([deps.db.destroy(), deps.mysql.end(), deps.redis.quit()]);
}

export function logSmsTables(logger: Logger, tables: readonly string[]): void {
  logger.info(`[QTmsg] ALL_SMS_TABLES: ${tables.join(', ')} (${tables.length} agents)`);
}
