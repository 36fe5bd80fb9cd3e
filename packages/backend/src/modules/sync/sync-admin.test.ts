import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express, { type Express } from 'express';
import request from 'supertest';
import { SyncAgentDetail, SyncAgentList, SyncCommandRecord, SyncLogPage } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import type { AppDeps } from '../../app.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { createOpenApiRegistry, generateOpenApiDocument } from '../../http/openapi.js';
import { registerSyncAdminOpenApi, syncAdminRoutes } from './sync-admin.routes.js';
import { createSyncCompany, phoneOf, syncTestApp } from './sync.test-helpers.js';

let ctx: TestContext;
let deps: AppDeps;
let admin: Express;
let agentApp: Express;
let token: string;
let clock = new Date('2026-11-29T03:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  deps = { ...ctx.deps, now: () => clock };
  admin = express().use(requestLogger(deps.logger)).use(express.json()).use(syncAdminRoutes(deps)).use(errorHandler);
  agentApp = syncTestApp(deps, { rateLimitPerMinute: 10_000 });
  token = (await signInSuperAdmin(ctx)).token;
});
afterAll(async () => {
  await ctx?.close();
});

const as = (t: string) => ({ Authorization: `Bearer ${t}` });

async function agentWithTraffic() {
  const s = await createSyncCompany(deps);
  const reg = await request(agentApp).post('/api/sync/register').set(s.headers).send({ agentName: 'POS', agentVersion: '1.5.2', dbType: 'mysql' }).expect(200);
  const agentId: string = reg.body.data.agentId;
  await request(agentApp).post('/api/sync/heartbeat').set(s.headers).send({ agentId, status: 'active' }).expect(200);
  // 8 good rows + 2 bad → error rate 0.2
  const customers = [...Array.from({ length: 8 }, (_, i) => ({ phone: phoneOf(i + 1) })), { phone: 'bad' }, { phone: '' }];
  await request(agentApp).post('/api/sync/customers').set(s.headers).send({ customers, mode: 'incremental' }).expect(200);
  return { ...s, agentId };
}

describe('super-admin sync monitoring', () => {
  it('refuses company users', async () => {
    const { admin: companyAdmin } = await createCompanyWithUsers(ctx);
    await request(admin).get('/api/admin/sync/agents').expect(401);
    await request(admin).get('/api/admin/sync/agents').set(as(companyAdmin.token)).expect(403);
  });

  it('lists agents as online, delayed and offline by heartbeat age, with counts and error rate', async () => {
    const { company, agentId } = await agentWithTraffic();
    const list = async () => SyncAgentList.parse((await request(admin).get('/api/admin/sync/agents').query({ companyId: company.id }).set(as(token)).expect(200)).body).items;
    let [a] = await list();
    expect(a).toMatchObject({ id: agentId, companyName: company.name, connection: 'online', totalCustomersSynced: 8, errorRate: 0.2, recentBatches: 1, batchSize: 1000, dbType: 'mysql' });
    clock = new Date(clock.getTime() + 71 * 60_000);
    [a] = await list();
    expect(a?.connection).toBe('delayed');
    clock = new Date(clock.getTime() + 60 * 60_000);
    [a] = await list();
    expect(a?.connection).toBe('offline');
    const offline = await request(admin).get('/api/admin/sync/agents').query({ connection: 'online', companyId: company.id }).set(as(token)).expect(200);
    expect(offline.body.items).toEqual([]);
  });

  it('pages logs, changes intervals, mapping and batch size, and issues a command the agent then receives', async () => {
    const { agentId, headers, company } = await agentWithTraffic();
    const logs = SyncLogPage.parse((await request(admin).get(`/api/admin/sync/agents/${agentId}/logs`).query({ pageSize: 1 }).set(as(token)).expect(200)).body);
    expect(logs.total).toBe(1);
    expect(logs.items[0]).toMatchObject({ source: 'batch', syncType: 'customers', totalCount: 10, successCount: 8, failCount: 2 });
    expect(logs.items[0]?.failures).toHaveLength(2);

    const patched = SyncAgentDetail.parse(
      (await request(admin).patch(`/api/admin/sync/agents/${agentId}`).set(as(token)).send({ syncIntervalCustomers: 30, heartbeatInterval: 30, batchSize: 4000, mapping: { customers: { HP: 'phone' } } }).expect(200)).body,
    );
    expect(patched).toMatchObject({ syncIntervalCustomers: 30, heartbeatInterval: 30, batchSize: 4000, mapping: { customers: { HP: 'phone' } } });
    await request(admin).patch(`/api/admin/sync/agents/${agentId}`).set(as(token)).send({ syncIntervalCustomers: 1 }).expect(400);

    const cmd = SyncCommandRecord.parse((await request(admin).post(`/api/admin/sync/agents/${agentId}/commands`).set(as(token)).send({ type: 'full_sync', payload: { reason: '재동기화' } }).expect(201)).body);
    const hb = await request(agentApp).post('/api/sync/heartbeat').set(headers).send({ agentId, status: 'active' }).expect(200);
    expect(hb.body.remoteConfig).toMatchObject({ syncIntervalCustomers: 30, heartbeatInterval: 30, batchSize: 4000, mapping: { customers: { HP: 'phone' } } });
    expect(hb.body.remoteConfig.commands).toEqual([{ id: cmd.id, type: 'full_sync', payload: { reason: '재동기화' }, issuedAt: cmd.issuedAt }]);
    const detail = SyncAgentDetail.parse((await request(admin).get(`/api/admin/sync/agents/${agentId}`).set(as(token)).expect(200)).body);
    expect(detail.commands[0]).toMatchObject({ id: cmd.id, deliveredAt: clock.toISOString(), acknowledgedAt: null });
    expect(detail.pendingCommands).toBe(1);
    const audit = await deps.db.selectFrom('audit_logs').select('action').where('company_id', '=', company.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['sync_agent.registered', 'sync_agent.updated', 'sync_agent.command_issued']));
  });

  it('registers releases only with an https URL and a SHA-256 checksum, which /version then offers', async () => {
    const { headers } = await agentWithTraffic();
    await request(admin).post('/api/admin/sync/releases').set(as(token)).send({ version: '9.0.0', downloadUrl: 'http://x.example.com/a.exe', checksum: 'a'.repeat(64) }).expect(400);
    await request(admin).post('/api/admin/sync/releases').set(as(token)).send({ version: '9.0.0', downloadUrl: 'https://x.example.com/a.exe', checksum: 'short' }).expect(400);
    await request(admin).post('/api/admin/sync/releases').set(as(token)).send({ version: '9.0.0', downloadUrl: 'https://x.example.com/a.exe', checksum: `sha256:${'A'.repeat(64)}` }).expect(201);
    await request(admin).post('/api/admin/sync/releases').set(as(token)).send({ version: '9.0.0', downloadUrl: 'https://x.example.com/a.exe', checksum: 'a'.repeat(64) }).expect(409);
    const v = await request(agentApp).get('/api/sync/version').query({ current_version: '1.5.2' }).set(headers).expect(200);
    expect(v.body.data).toMatchObject({ latestVersion: '9.0.0', updateAvailable: true, checksum: 'a'.repeat(64), forceUpdate: false });
    await deps.db.deleteFrom('sync_releases').execute();
  });

  it('documents its paths', () => {
    const registry = createOpenApiRegistry();
    registerSyncAdminOpenApi(registry);
    const doc = generateOpenApiDocument(registry, 'test');
    expect(Object.keys(doc.paths ?? {})).toContain('/api/admin/sync/agents/{agentId}/commands');
  });
});
