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
import { registerSystemOpenApi, systemRoutes } from './modules/system/system.routes.js';
import { getVersion } from './modules/system/system.service.js';
import { authRoutes, registerAuthOpenApi } from './modules/auth/auth.routes.js';
import { auditRoutes, registerAuditOpenApi } from './modules/audit/audit.routes.js';
import { lineGroupRoutes, registerLineGroupOpenApi } from './modules/line-groups/line-groups.routes.js';
import { qtmsgRoutes, registerQtmsgOpenApi } from './modules/qtmsg/qtmsg.routes.js';
import { companyRoutes, registerCompanyOpenApi } from './modules/companies/companies.routes.js';
import { planRoutes, registerPlanOpenApi } from './modules/plans/plans.routes.js';
import { registerUserOpenApi, userRoutes } from './modules/users/users.routes.js';
import { callbackNumberRoutes, registerCallbackNumberOpenApi } from './modules/callback-numbers/callback-numbers.routes.js';
import { syncBodyParser, syncRoutes } from './modules/sync/sync.routes.js';
import { registerSyncOpenApi } from './modules/sync/sync.openapi.js';
import { registerSyncAdminOpenApi, syncAdminRoutes } from './modules/sync/sync-admin.routes.js';
import { customerRoutes, registerCustomerOpenApi } from './modules/customers/customers.routes.js';
import { registerUploadOpenApi, uploadRoutes } from './modules/uploads/uploads.routes.js';
import { billingRoutes, registerBillingOpenApi } from './modules/billing/billing.routes.js';

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
  app.use(express.json({ limit: '2mb' }));

  const registry = createOpenApiRegistry();
  registerSystemOpenApi(registry);
  app.use(systemRoutes(deps));
  registerAuthOpenApi(registry);
  app.use(authRoutes(deps));
  registerAuditOpenApi(registry);
  app.use(auditRoutes(deps));
  registerLineGroupOpenApi(registry);
  app.use(lineGroupRoutes(deps));
  registerQtmsgOpenApi(registry);
  app.use(qtmsgRoutes(deps));
  registerCompanyOpenApi(registry);
  app.use(companyRoutes(deps));
  registerPlanOpenApi(registry);
  app.use(planRoutes(deps));
  registerUserOpenApi(registry);
  app.use(userRoutes(deps));
  registerCallbackNumberOpenApi(registry);
  app.use(callbackNumberRoutes(deps));
  registerSyncOpenApi(registry);
  app.use(syncRoutes(deps));
  registerSyncAdminOpenApi(registry);
  app.use(syncAdminRoutes(deps));
  // uploads before customers: /api/customers/uploads must not be read as /api/customers/:id
  registerUploadOpenApi(registry);
  app.use(uploadRoutes(deps));
  registerCustomerOpenApi(registry);
  app.use(customerRoutes(deps));
  registerBillingOpenApi(registry);
  app.use(billingRoutes(deps));

  const openApiDocument = generateOpenApiDocument(registry, getVersion(deps.config.gitCommit).version);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
