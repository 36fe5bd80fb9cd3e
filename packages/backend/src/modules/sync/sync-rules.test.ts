import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { SyncAiMappingData, SyncFieldMapData } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createSyncCompany, phoneOf, syncTestApp } from './sync.test-helpers.js';

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await createTestContext();
  app = syncTestApp(ctx.deps, { rateLimitPerMinute: 10_000 });
});
afterAll(async () => {
  await ctx?.close();
});

const customersOf = async (companyId: string) =>
  ctx.deps.db.selectFrom('customers').selectAll().where('company_id', '=', companyId).orderBy('phone').execute();

describe('batch rules', () => {
  it('refuses a 10,001-row batch with 413 BATCH_TOO_LARGE and a clear message (the 30 MB sync parser, not the 2 MB one, reads it)', async () => {
    const { company, headers } = await createSyncCompany(ctx.deps);
    const customers = Array.from({ length: 10_001 }, (_, i) => ({ phone: phoneOf(i + 1), name: `고객 ${i}`, address: '서울특별시 강남구 테헤란로 123 한줄로빌딩 5층 501호', custom_fields: { custom_1: 'x'.repeat(100) } }));
    expect(Buffer.byteLength(JSON.stringify({ customers }))).toBeGreaterThan(2 * 1024 * 1024);
    const res = await request(app).post('/api/sync/customers').set(headers).send({ customers, mode: 'incremental' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ success: false, error: { code: 'BATCH_TOO_LARGE', details: { maxRows: 10_000, receivedRows: 10_001 } } });
    expect(res.body.error.message).toContain('최대 10,000개');
    expect(await customersOf(company.id)).toHaveLength(0);
    // exactly 10,000 is accepted
    const ok = await request(app).post('/api/sync/customers').set(headers).send({ customers: customers.slice(0, 10_000), mode: 'incremental' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.upsertedCount).toBe(10_000);
  }, 60_000);

  it('never re-subscribes an opted-out customer and never erases a value with null', async () => {
    const { company, headers } = await createSyncCompany(ctx.deps);
    const send = (customers: unknown[]) => request(app).post('/api/sync/customers').set(headers).send({ customers, mode: 'incremental' }).expect(200);
    await send([{ phone: phoneOf(1), name: '김철수', grade: 'VIP', email: 'a@b.c', sms_opt_in: false, custom_fields: { custom_1: 'A' } }]);
    await send([{ phone: phoneOf(1), name: null, grade: '', email: null, sms_opt_in: true, custom_fields: { custom_1: null, custom_2: 'B' } }]);
    await send([{ phone: phoneOf(1), sms_opt_in: 'Y' }]);
    const [c] = await customersOf(company.id);
    expect(c).toMatchObject({ name: '김철수', grade: 'VIP', email: 'a@b.c', sms_opt_in: false, custom_1: 'A', custom_2: 'B' });
    const optOut = await ctx.deps.db.selectFrom('opt_outs').selectAll().where('company_id', '=', company.id).execute();
    expect(optOut).toMatchObject([{ phone: phoneOf(1), source: 'sync' }]);
  });

  it('puts a synced sms_opt_in=false of an existing, consenting customer on the opt-out list', async () => {
    const { company, headers } = await createSyncCompany(ctx.deps);
    await request(app).post('/api/sync/customers').set(headers).send({ customers: [{ phone: phoneOf(2), sms_opt_in: true }], mode: 'incremental' }).expect(200);
    await request(app).post('/api/sync/customers').set(headers).send({ customers: [{ phone: phoneOf(2), sms_opt_in: '수신거부' }], mode: 'incremental' }).expect(200);
    const optOut = await ctx.deps.db.selectFrom('opt_outs').select(['phone', 'source']).where('company_id', '=', company.id).execute();
    expect(optOut).toEqual([{ phone: phoneOf(2), source: 'sync' }]);
  });

  it('reports bad purchase rows by customerPhone and stores the rest', async () => {
    const { headers } = await createSyncCompany(ctx.deps);
    const res = await request(app).post('/api/sync/purchases').set(headers).send({
      purchases: [
        { customer_phone: phoneOf(1), purchase_date: '2025-12-17', total_amount: 1000 },
        { customer_phone: 'x', purchase_date: '2025-12-17', total_amount: 1000 },
        { customer_phone: phoneOf(2), purchase_date: '2025-02-30', total_amount: 1000 },
      ],
      mode: 'incremental',
    });
    expect(res.body.data).toEqual({
      insertedCount: 1,
      failedCount: 2,
      failures: [
        { customerPhone: 'x', reason: expect.stringContaining('휴대폰') },
        { customerPhone: phoneOf(2), reason: expect.stringContaining('구매일') },
      ],
    });
  });

  it('answers 400 VALIDATION_FAILED in the envelope for a malformed batch', async () => {
    const { headers } = await createSyncCompany(ctx.deps);
    const res = await request(app).post('/api/sync/customers').set(headers).send({ customers: 'nope', mode: 'full' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('authentication and limits', () => {
  it('answers 401 for a missing or wrong key or secret', async () => {
    const { headers } = await createSyncCompany(ctx.deps);
    for (const h of [{}, { ...headers, 'X-Sync-Secret': 'wrong' }, { ...headers, 'X-Sync-ApiKey': 'nope' }, { 'X-Sync-ApiKey': headers['X-Sync-ApiKey'] }]) {
      const res = await request(app).post('/api/sync/register').set(h).send({ agentName: 'A' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ success: false, error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    }
    // a cached good verification does not let a wrong secret through
    await request(app).get('/api/sync/field-map').set(headers).expect(200);
    await request(app).get('/api/sync/field-map').set({ ...headers, 'X-Sync-Secret': 'wrong' }).expect(401);
  });

  it('answers 403 when DB sync is off or the company is not active', async () => {
    for (const over of [{ use_db_sync: false }, { status: 'suspended' as const }]) {
      const { headers } = await createSyncCompany(ctx.deps, over);
      const res = await request(app).post('/api/sync/register').set(headers).send({ agentName: 'A' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('rate-limits per company with 429 RATE_LIMITED and retry_after_seconds', async () => {
    const limited = syncTestApp(ctx.deps, { rateLimitPerMinute: 3 });
    const a = await createSyncCompany(ctx.deps);
    const b = await createSyncCompany(ctx.deps);
    for (let i = 0; i < 3; i++) await request(limited).get('/api/sync/config').set(a.headers).expect(200);
    const res = await request(limited).get('/api/sync/config').set(a.headers);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.body.error.retry_after_seconds).toBeGreaterThan(0);
    expect(res.body.error.retry_after_seconds).toBeLessThanOrEqual(60);
    expect(res.headers['retry-after']).toBe(String(res.body.error.retry_after_seconds));
    // another company is not affected
    await request(limited).get('/api/sync/config').set(b.headers).expect(200);
  });

  it('answers unknown sync paths with a 404 in the envelope', async () => {
    const { headers } = await createSyncCompany(ctx.deps);
    const res = await request(app).post('/api/sync/nothing').set(headers).send({});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('version, config, field map, ai mapping, openapi', () => {
  it('claims an update only for a newer registered release', async () => {
    const { headers } = await createSyncCompany(ctx.deps);
    const version = (v: string) => request(app).get('/api/sync/version').query({ current_version: v }).set(headers).then((r) => r.body.data);
    await ctx.deps.db.insertInto('sync_releases').values({ version: '1.4.0', download_url: 'https://dl.example.com/1.4.0.exe', checksum: 'a'.repeat(64) }).execute();
    expect(await version('1.5.2')).toEqual({ latestVersion: '1.5.2', currentVersion: '1.5.2', updateAvailable: false, forceUpdate: false });
    await ctx.deps.db.insertInto('sync_releases').values({ version: '1.6.0', download_url: 'https://dl.example.com/1.6.0.exe', checksum: 'b'.repeat(64), release_notes: '개선', force_update: false }).execute();
    expect(await version('1.5.2')).toEqual({
      latestVersion: '1.6.0', currentVersion: '1.5.2', updateAvailable: true, downloadUrl: 'https://dl.example.com/1.6.0.exe', checksum: 'b'.repeat(64), forceUpdate: false, releaseNotes: '개선',
    });
    expect((await version('1.6.0')).updateAvailable).toBe(false);
    expect((await version('garbage')).updateAvailable).toBe(false);
    await ctx.deps.db.deleteFrom('sync_releases').execute();
  });

  it('serves config, the field map with company labels, and dictionary mapping of column names', async () => {
    const { company, headers } = await createSyncCompany(ctx.deps, { sync_batch_limit: 2000 });
    const config = await request(app).get('/api/sync/config').set(headers).expect(200);
    expect(config.body).toEqual({ success: true, data: { syncIntervalCustomers: 60, syncIntervalPurchases: 60, heartbeatInterval: 60, queueRetryInterval: 5, batchSize: 2000 } });
    await ctx.deps.db.insertInto('customer_field_labels').values({ company_id: company.id, field_key: 'custom_3', label: '반려동물' }).execute();
    const map = await request(app).get('/api/sync/field-map').set(headers).expect(200);
    const data = SyncFieldMapData.parse(map.body.data);
    expect(data.fieldMap.find((f) => f.fieldKey === 'custom_3')).toMatchObject({ displayName: '반려동물', storageType: 'custom_fields' });
    expect(data.fieldMap.find((f) => f.fieldKey === 'phone')).toMatchObject({ storageType: 'column', columnName: 'phone', normalizeFunction: 'normalizeMobile' });
    const ai = await request(app).post('/api/sync/ai-mapping').set(headers).send({ target: 'customers', tableName: 'TB_MEMBER', dbType: 'mssql', columns: ['HP_NO', '고객명', 'SEX', 'ETC'] }).expect(200);
    expect(SyncAiMappingData.parse(ai.body.data)).toEqual({ mapping: { HP_NO: 'phone', 고객명: 'name', SEX: 'gender', ETC: null }, modelUsed: 'dictionary', cacheHit: false, tokensUsed: 0, costEstimate: 0 });
  });

  it('publishes its OpenAPI document', async () => {
    const res = await request(app).get('/api/sync/openapi.json').expect(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      ['/api/sync/ai-mapping', '/api/sync/config', '/api/sync/customers', '/api/sync/field-definitions', '/api/sync/field-map', '/api/sync/heartbeat', '/api/sync/log', '/api/sync/purchases', '/api/sync/register', '/api/sync/version'],
    );
  });
});
