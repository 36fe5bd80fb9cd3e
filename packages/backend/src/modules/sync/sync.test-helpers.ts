import express, { type Express } from 'express';
import type { AppDeps } from '../../app.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { hashSecret } from '../../security/secrets.js';
import { createCompany } from '../../../test/factories.js';
import { syncBodyParser, syncRoutes, type SyncRouteOptions } from './sync.routes.js';

/** The app as app.ts will mount it: sync body parser before the global 2 MB JSON parser. */
export function syncTestApp(deps: AppDeps, opts: SyncRouteOptions = {}): Express {
  const app = express();
  app.set('trust proxy', true);
  app.use(requestLogger(deps.logger)).use(syncBodyParser).use(express.json({ limit: '2mb' })).use(syncRoutes(deps, opts)).use(errorHandler);
  return app;
}

let seq = 0;
/** An active company with DB sync on and a known key/secret. */
export async function createSyncCompany(deps: AppDeps, over: Parameters<typeof createCompany>[1] = {}) {
  const apiKey = `sk_test_${Date.now().toString(36)}_${++seq}`;
  const secret = `secret-${seq}-${Math.random().toString(36).slice(2)}`;
  const company = await createCompany(deps.db, { sync_api_key: apiKey, sync_secret_hash: await hashSecret(secret), use_db_sync: true, ...over });
  return { company, apiKey, secret, headers: { 'X-Sync-ApiKey': apiKey, 'X-Sync-Secret': secret } };
}

export const phoneOf = (n: number) => `010${String(n).padStart(8, '0')}`;
export const dashed = (p: string) => `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
