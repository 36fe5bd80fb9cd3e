import express, { type Express } from 'express';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Db } from './db/postgres.js';
import type { MysqlPool } from './db/mysql.js';
import type { Redis } from './db/redis.js';
import type { JobQueues } from './jobs/queues.js';
import { requestLogger } from './http/request-logger.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { createOpenApiRegistry, generateOpenApiDocument } from './http/openapi.js';
import { ROUTE_MODULES, syncBodyParser } from './http/route-modules.js';
import { getVersion } from './modules/system/system.service.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Db;
  mysql: MysqlPool;
  redis: Redis;
  /** The clock every time rule reads (tests inject their own). */
  now: () => Date;
  /** Producer side of BullMQ: the API enqueues background work here. */
  queues: JobQueues;
}

/** Builds the Express app from explicit dependencies (tests pass their own databases). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestLogger(deps.logger));
  // deployed Sync Agents send up to 10,000 rows per request: only /api/sync gets the larger limit
  app.use('/api/sync', syncBodyParser);
  // pasted recipient lists of a direct send can be large
  app.use('/api/direct-sends', express.json({ limit: '6mb' }));
  app.use(express.json({ limit: '2mb' }));

  const registry = createOpenApiRegistry();
  for (const m of ROUTE_MODULES) {
    m.register(registry);
    app.use(m.routes(deps));
  }

  const openApiDocument = generateOpenApiDocument(registry, getVersion(deps.config.gitCommit).version);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
