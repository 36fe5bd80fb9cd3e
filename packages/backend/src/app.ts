import express, { type Express } from 'express';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Db } from './db/postgres.js';
import type { MysqlPool } from './db/mysql.js';
import type { Redis } from './db/redis.js';
import { requestLogger } from './http/request-logger.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { createOpenApiRegistry, generateOpenApiDocument } from './http/openapi.js';
import { registerSystemOpenApi, systemRoutes } from './modules/system/system.routes.js';
import { getVersion } from './modules/system/system.service.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Db;
  mysql: MysqlPool;
  redis: Redis;
}

/** Builds the Express app from explicit dependencies (tests pass their own databases). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestLogger(deps.logger));
  app.use(express.json({ limit: '2mb' }));

  const registry = createOpenApiRegistry();
  registerSystemOpenApi(registry);
  app.use(systemRoutes(deps));

  const openApiDocument = generateOpenApiDocument(registry, getVersion(deps.config.gitCommit).version);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
