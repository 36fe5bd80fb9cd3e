import { Router, type Request } from 'express';
import {
  SyncAiMappingBody,
  SyncConfigQuery,
  SyncCustomersBody,
  SyncFieldDefinitionsBody,
  SyncHeartbeatBody,
  SyncLogBody,
  SyncPurchasesBody,
  SyncRegisterBody,
  SyncVersionQuery,
} from '@hanjullo/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { authenticateSyncAgent, getSyncCompany, syncRateLimit } from './sync.auth.js';
import { SyncError, syncErrorHandler } from './sync.errors.js';
import { assertBatchSize, syncCustomers, syncPurchases } from './sync-batches.service.js';
import { syncOpenApiDocument } from './sync.openapi.js';
import {
  checkVersion,
  getFieldMap,
  getRemoteConfig,
  heartbeat,
  recordAgentLog,
  registerAgent,
  saveFieldDefinitions,
  suggestAiMapping,
} from './sync.service.js';

export { registerSyncOpenApi, syncOpenApiDocument } from './sync.openapi.js';
export { syncBodyParser } from './sync.errors.js';

export interface SyncRouteOptions {
  /** Requests per company per minute (SYNC-AGENT.md: e.g. 60). */
  rateLimitPerMinute?: number;
}
export const DEFAULT_SYNC_RATE_LIMIT = 60;

function parseSync<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new SyncError('VALIDATION_FAILED', 400, `요청 형식이 올바르지 않습니다. (${fields.map((f) => `${f.path}: ${f.message}`).join(', ')})`, { fields });
}

const holderOf = (req: Request) => req.ip ?? 'unknown';
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/**
 * The Sync Agent API under `/api/sync` (SYNC-AGENT.md, fixed contract). Mount `syncBodyParser`
 * before the global `express.json`; this router answers every error — including unknown
 * `/api/sync/*` paths — in the sync envelope.
 */
export function syncRoutes(deps: AppDeps, opts: SyncRouteOptions = {}): Router {
  const router = Router();
  const agent = [authenticateSyncAgent(deps), syncRateLimit(deps, opts.rateLimitPerMinute ?? DEFAULT_SYNC_RATE_LIMIT)];

  router.get('/api/sync/openapi.json', (_req, res) => {
    res.json(syncOpenApiDocument());
  });

  router.post('/api/sync/register', ...agent, async (req, res) => {
    const body = parseSync(SyncRegisterBody, req.body);
    res.json({ success: true, data: await registerAgent(deps, getSyncCompany(res), body) });
  });

  router.post('/api/sync/heartbeat', ...agent, async (req, res) => {
    const body = parseSync(SyncHeartbeatBody, req.body);
    const { data, remoteConfig } = await heartbeat(deps, getSyncCompany(res), body);
    res.json({ success: true, data, remoteConfig });
  });

  router.post('/api/sync/customers', ...agent, async (req, res) => {
    assertBatchSize(deps, getSyncCompany(res), 'customers', obj(req.body).customers);
    const body = parseSync(SyncCustomersBody, req.body);
    const { data, config } = await syncCustomers(deps, getSyncCompany(res), body, holderOf(req));
    res.json({ success: true, data, config });
  });

  router.post('/api/sync/purchases', ...agent, async (req, res) => {
    assertBatchSize(deps, getSyncCompany(res), 'purchases', obj(req.body).purchases);
    const body = parseSync(SyncPurchasesBody, req.body);
    const { data, config } = await syncPurchases(deps, getSyncCompany(res), body, holderOf(req));
    res.json({ success: true, data, config });
  });

  router.post('/api/sync/log', ...agent, async (req, res) => {
    const body = parseSync(SyncLogBody, req.body);
    res.status(201).json({ success: true, data: await recordAgentLog(deps, getSyncCompany(res), body) });
  });

  router.get('/api/sync/config', ...agent, async (req, res) => {
    const { agent_id: agentId } = parseSync(SyncConfigQuery, req.query);
    res.json({ success: true, data: await getRemoteConfig(deps, getSyncCompany(res), agentId) });
  });

  router.get('/api/sync/version', ...agent, async (req, res) => {
    const q = parseSync(SyncVersionQuery, req.query);
    res.json({ success: true, data: await checkVersion(deps, q.current_version) });
  });

  router.post('/api/sync/field-definitions', ...agent, async (req, res) => {
    const body = parseSync(SyncFieldDefinitionsBody, req.body);
    res.json({ success: true, data: await saveFieldDefinitions(deps, getSyncCompany(res), body) });
  });

  router.get('/api/sync/field-map', ...agent, async (_req, res) => {
    res.json({ success: true, data: await getFieldMap(deps, getSyncCompany(res)) });
  });

  router.post('/api/sync/ai-mapping', ...agent, async (req, res) => {
    const body = parseSync(SyncAiMappingBody, req.body);
    res.json({ success: true, data: await suggestAiMapping(deps, getSyncCompany(res), body) });
  });

  router.use('/api/sync', (req) => {
    throw new SyncError('NOT_FOUND', 404, `요청한 경로를 찾을 수 없습니다: ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`);
  });
  router.use(syncErrorHandler(deps.logger));
  return router;
}
