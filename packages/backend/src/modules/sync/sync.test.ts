import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import type { AppDeps } from '../../app.js';
import { createSyncCompany, dashed, phoneOf, syncTestApp } from './sync.test-helpers.js';

let ctx: TestContext;
let deps: AppDeps;
let app: Express;
let clock = new Date('2026-11-29T01:00:00Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeAll(async () => {
  ctx = await createTestContext();
  deps = { ...ctx.deps, now: () => clock };
  app = syncTestApp(deps, { rateLimitPerMinute: 10_000 });
});
afterAll(async () => {
  await ctx?.close();
});

const keys = (o: object) => Object.keys(o).sort();
const customerRow = (n: number) => ({
  phone: dashed(phoneOf(n)),
  name: `고객${n}`,
  gender: n % 2 ? '남' : 'F',
  birth_date: '19850312',
  region: '서울특별시',
  address: `서울특별시 강남구 테헤란로 ${n}길 ${n}호 (역삼동, 한줄로빌딩)`,
  grade: 'VIP고객',
  points: '1,000',
  store_code: 'S1',
  sms_opt_in: n % 10 === 0 ? 'N' : 'Y',
  custom_fields: { custom_1: `브랜드${n % 7}` },
});

describe('a v1.5 agent, end to end in its real order', () => {
  it('registers, syncs 3×4,000 customers, logs, heartbeats, checks its version, syncs purchases twice, and gets a command until it acknowledges it', async () => {
    const { company, headers } = await createSyncCompany(deps);
    const post = (path: string, body: unknown, ip = '10.0.0.1') => request(app).post(`/api/sync${path}`).set(headers).set('X-Forwarded-For', ip).send(body as object);

    // register
    const reg = await post('/register', { apiKey: headers['X-Sync-ApiKey'], apiSecret: headers['X-Sync-Secret'], agentName: 'POS-1', agentVersion: '1.5.2', osInfo: 'Windows 10', dbType: 'mssql' });
    expect(reg.status).toBe(200);
    expect(keys(reg.body)).toEqual(['data', 'success']);
    expect(reg.body.success).toBe(true);
    expect(keys(reg.body.data)).toEqual(['agentId', 'companyId', 'companyName', 'config']);
    expect(reg.body.data.companyId).toBe(company.id);
    expect(reg.body.data.companyName).toBe(company.name);
    expect(reg.body.data.config).toEqual({ syncIntervalCustomers: 60, syncIntervalPurchases: 60, heartbeatInterval: 60, queueRetryInterval: 5, batchSize: 1000 });
    const agentId: string = reg.body.data.agentId;
    // registering again is an upsert by (company, agentName)
    expect((await post('/register', { agentName: 'POS-1', agentVersion: '1.5.2' })).body.data.agentId).toBe(agentId);

    // field-definitions
    const defs = await post('/field-definitions', { definitions: [{ field_key: 'custom_1', field_label: '선호 브랜드', field_type: 'string' }, { field_key: 'custom_2', field_label: '가입경로' }] });
    expect(defs.body).toEqual({ success: true, data: { savedCount: 2 } });

    // 3 full customer batches of 4,000 (one bad phone and one unknown consent in batch 1)
    for (let b = 0; b < 3; b++) {
      const rows = Array.from({ length: 4000 }, (_, i) => customerRow(b * 4000 + i + 1));
      if (b === 1) {
        rows[5] = { ...rows[5]!, phone: '02-123-4567' };
        rows[6] = { ...rows[6]!, sms_opt_in: '모름' };
      }
      const res = await post('/customers', { customers: rows, mode: 'full', batchIndex: b, totalBatches: 3 });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expect(keys(res.body)).toEqual(['config', 'data', 'success']);
      expect(keys(res.body.data)).toEqual(['failedCount', 'failures', 'upsertedCount']);
      expect(res.body.config.batchSize).toBe(1000);
      if (b === 1) {
        expect(res.body.data).toMatchObject({ upsertedCount: 3998, failedCount: 2 });
        expect(res.body.data.failures).toEqual([
          { phone: '02-123-4567', reason: expect.stringContaining('휴대폰 번호 형식') },
          { phone: dashed(phoneOf(4007)), reason: expect.stringContaining('수신동의 값을 알 수 없습니다') },
        ]);
      } else {
        expect(res.body.data).toEqual({ upsertedCount: 4000, failedCount: 0, failures: [] });
      }
      if (b === 0) {
        // a second full sync from elsewhere waits for this one
        const other = await post('/customers', { customers: [], mode: 'full', batchIndex: 0, totalBatches: 1 }, '10.0.0.99');
        expect(other.status).toBe(429);
        expect(other.body).toMatchObject({ success: false, error: { code: 'SYNC_IN_PROGRESS' } });
      }
    }
    const stored = await deps.db.selectFrom('customers').selectAll().where('company_id', '=', company.id).execute();
    expect(stored).toHaveLength(11_998);
    const c1 = stored.find((c) => c.phone === phoneOf(1));
    expect(c1).toMatchObject({ name: '고객1', gender: 'M', birth_date: '1985-03-12', birth_year: 1985, birth_month_day: '03-12', region: '서울', grade: 'VIP', points: 1000, store_code: 'S1', sms_opt_in: true, source: 'sync', custom_1: '브랜드1' });
    expect(stored.find((c) => c.phone === phoneOf(10))?.sms_opt_in).toBe(false);
    const optOuts = await deps.db.selectFrom('opt_outs').select(['phone', 'source']).where('company_id', '=', company.id).execute();
    expect(optOuts).toHaveLength(1200);
    expect(optOuts.every((o) => o.source === 'sync')).toBe(true);
    // the lock was released after the last batch
    expect((await post('/customers', { customers: [], mode: 'full', batchIndex: 0, totalBatches: 1 }, '10.0.0.99')).status).toBe(200);

    // log
    const log = await post('/log', {
      agent_id: agentId, sync_type: 'customers', sync_mode: 'full', total_count: 12000, success_count: 11998, fail_count: 2,
      duration_ms: 5400, started_at: '2026-11-29T00:59:00.000Z', completed_at: '2026-11-29T01:00:00.000Z',
    });
    expect(log.status).toBe(201);
    expect(keys(log.body.data)).toEqual(['logId']);
    expect(typeof log.body.data.logId).toBe('string');

    // heartbeat
    const hb = await post('/heartbeat', {
      agentId, agentVersion: '1.5.2', status: 'active', osInfo: 'Windows 10', dbType: 'mssql', lastSyncAt: '2026-11-29T01:00:00.000Z',
      totalCustomersSynced: 11998, queuedItems: 0, uptime: 62,
    });
    expect(hb.status).toBe(200);
    expect(keys(hb.body)).toEqual(['data', 'remoteConfig', 'success']);
    expect(hb.body.data).toEqual({ serverTime: clock.toISOString() });
    expect(hb.body.remoteConfig).toMatchObject({ syncIntervalCustomers: 60, heartbeatInterval: 60, batchSize: 1000, commands: [] });

    // version: nothing registered → no update claimed
    const ver = await request(app).get('/api/sync/version').query({ current_version: '1.5.2', agent_id: agentId }).set(headers);
    expect(ver.body).toEqual({ success: true, data: { latestVersion: '1.5.2', currentVersion: '1.5.2', updateAvailable: false, forceUpdate: false } });

    // one purchase batch, sent twice (the agent re-queues failed batches)
    const purchases = Array.from({ length: 1500 }, (_, i) => ({
      customer_phone: dashed(phoneOf((i % 500) + 1)), purchase_date: `2025-12-${String((i % 28) + 1).padStart(2, '0')}`,
      total_amount: 10000 + i, store_code: 'S1', store_name: '강남점', product_code: `P${i}`, product_name: '상품', quantity: 1, unit_price: 10000 + i,
    }));
    const p1 = await post('/purchases', { purchases, mode: 'full', batchIndex: 0, totalBatches: 1 });
    expect(p1.status).toBe(200);
    expect(keys(p1.body)).toEqual(['config', 'data', 'success']);
    expect(p1.body.data).toEqual({ insertedCount: 1500, failedCount: 0, failures: [] });
    const p2 = await post('/purchases', { purchases, mode: 'full', batchIndex: 0, totalBatches: 1 });
    expect(p2.body.data).toEqual({ insertedCount: 0, failedCount: 0, failures: [] });
    const purchaseCount = await deps.db.selectFrom('purchases').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
    expect(Number(purchaseCount.n)).toBe(1500);
    const withPurchases = await deps.db.selectFrom('customers').select(['purchase_count', 'total_purchase_amount']).where('company_id', '=', company.id).where('phone', '=', phoneOf(1)).executeTakeFirstOrThrow();
    expect(withPurchases).toEqual({ purchase_count: 3, total_purchase_amount: String(10000 * 3 + 0 + 500 + 1000) + '.00' });
    expect((await post('/log', { agent_id: agentId, sync_type: 'purchases', sync_mode: 'full', total_count: 1500, success_count: 1500, fail_count: 0, started_at: clock.toISOString(), completed_at: clock.toISOString() })).status).toBe(201);

    // batch logs and counters
    const logs = await deps.db.selectFrom('sync_logs').selectAll().where('company_id', '=', company.id).orderBy('id').execute();
    expect(logs.filter((l) => l.source === 'batch' && l.sync_type === 'customers')).toHaveLength(4);
    expect(logs.filter((l) => l.source === 'agent_log')).toHaveLength(2);
    expect(logs[1]).toMatchObject({ batch_index: 1, total_batches: 3, total_count: 4000, success_count: 3998, fail_count: 2, sync_mode: 'full', agent_id: agentId });
    const agentRow = await deps.db.selectFrom('sync_agents').selectAll().where('id', '=', agentId).executeTakeFirstOrThrow();
    expect(agentRow).toMatchObject({ total_customers_synced: '11998', total_purchases_synced: '1500', reported_customers_synced: '11998', status: 'active', agent_version: '1.5.2' });

    // a command stays pending until acknowledged
    const cmd = await deps.db.insertInto('sync_commands').values({ company_id: company.id, agent_id: agentId, type: 'full_sync', payload: JSON.stringify({ reason: 'test' }), issued_at: clock }).returning('id').executeTakeFirstOrThrow();
    advance(1000);
    const beat = () => post('/heartbeat', { agentId, agentVersion: '1.5.2', status: 'active', lastSyncAt: null, totalCustomersSynced: 11998, queuedItems: 0, uptime: 100 });
    const first = await beat();
    expect(first.body.remoteConfig.commands).toEqual([{ id: cmd.id, type: 'full_sync', payload: { reason: 'test' }, issuedAt: new Date(clock.getTime() - 1000).toISOString() }]);
    advance(30_000); // a quick retry of that heartbeat: delivered again
    expect((await beat()).body.remoteConfig.commands.map((c: { id: string }) => c.id)).toEqual([cmd.id]);
    const acked = await post('/heartbeat', { agentId, status: 'active', ackCommandIds: [cmd.id] });
    expect(acked.body.remoteConfig.commands).toEqual([]);

    // agents ≤ v1.5 cannot send ackCommandIds: the next heartbeat after the grace acknowledges
    const cmd2 = await deps.db.insertInto('sync_commands').values({ company_id: company.id, agent_id: agentId, type: 'restart', issued_at: clock }).returning('id').executeTakeFirstOrThrow();
    expect((await beat()).body.remoteConfig.commands).toEqual([{ id: cmd2.id, type: 'restart', issuedAt: clock.toISOString() }]);
    advance(60 * 60_000);
    expect((await beat()).body.remoteConfig.commands).toEqual([]);
    const cmdRows = await deps.db.selectFrom('sync_commands').select(['id', 'acknowledged_at', 'delivery_count']).where('agent_id', '=', agentId).orderBy('issued_at').execute();
    expect(cmdRows.every((c) => c.acknowledged_at !== null)).toBe(true);
  }, 120_000);
});
