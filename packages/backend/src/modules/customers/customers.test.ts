import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { CustomerDetail, CustomerList, CustomerStats, FieldCatalog, kstDate } from '@hanjullo/shared';
import type { TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';
import { createUploadTestContext, moduleApp } from '../uploads/uploads.test-helpers.js';
import { upsertCustomers } from './customer-writer.js';
import { daysBefore, yearsBefore } from './customers.service.js';

let ctx: TestContext;
let app: Express;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const system = { type: 'system' as const, id: null };

beforeAll(async () => {
  ctx = await createUploadTestContext();
  app = moduleApp(ctx);
});
afterAll(async () => {
  await ctx?.close();
  if (ctx) await rm(ctx.config.uploadDir, { recursive: true, force: true });
});

const today = () => kstDate(new Date());
const idOf = async (companyId: string, phone: string) =>
  (await ctx.deps.db.selectFrom('customers').select('id').where('company_id', '=', companyId).where('phone', '=', phone).executeTakeFirstOrThrow()).id;

/** Brand A (store A1) and brand B (store B1) customers of one company. */
async function twoBrands() {
  const c = await createCompanyWithUsers(ctx);
  await upsertCustomers(ctx.deps, system, c.companyId, [
    { phone: '01011110001', name: '김에이', gender: 'F', birth_date: yearsBefore(today(), 25), store_code: 'A1', grade: 'VIP', region: '서울', sms_opt_in: true, recent_purchase_date: daysBefore(today(), 3) },
    { phone: '01011110002', name: '이에이', gender: 'M', birth_date: yearsBefore(today(), 61), store_code: 'A1', grade: '일반', region: '부산', sms_opt_in: false },
    { phone: '01022220001', name: '박비', gender: 'F', birth_date: yearsBefore(today(), 35), store_code: 'B1', grade: 'VIP', region: '서울', sms_opt_in: true, recent_purchase_date: daysBefore(today(), 40) },
    { phone: '01033335678', name: '최무', store_code: 'B1', sms_opt_in: true, custom_fields: { custom_2: '골프' } },
  ], { source: 'upload' });
  const brandA = await signInUser(ctx, c.companyId, 'user', { storeCodes: ['A1'] });
  return { ...c, brandA };
}

describe('tenancy and brands', () => {
  it('shows a brand A user only store A1 customers: list, detail 404, stats', async () => {
    const { companyId, brandA, user } = await twoBrands();
    const list = CustomerList.parse((await request(app).get('/api/customers').set(bearer(brandA.token)).expect(200)).body);
    expect(list.items.map((c) => c.storeCode)).toEqual(['A1', 'A1']);
    expect(list.total).toBe(2);
    // even when asking for B1 explicitly
    const asked = CustomerList.parse((await request(app).get('/api/customers?storeCode=B1').set(bearer(brandA.token)).expect(200)).body);
    expect(asked.total).toBe(0);
    const bId = await idOf(companyId, '01022220001');
    await request(app).get(`/api/customers/${bId}`).set(bearer(brandA.token)).expect(404);
    await request(app).patch(`/api/customers/${bId}`).set(bearer(brandA.token)).send({ name: '탈취' }).expect(404);
    await request(app).delete(`/api/customers/${bId}`).set(bearer(brandA.token)).expect(404);
    const stats = CustomerStats.parse((await request(app).get('/api/customers/stats').set(bearer(brandA.token)).expect(200)).body);
    expect(stats).toMatchObject({ total: 2, optedIn: 1, optedOut: 1, optOutListSize: null, gender: { M: 1, F: 1, unknown: 0 } });
    // the unrestricted marketer sees all four
    const all = CustomerList.parse((await request(app).get('/api/customers').set(bearer(user.token)).expect(200)).body);
    expect(all.total).toBe(4);
  });

  it("answers 404 for another company's customer on every endpoint and deletes nothing", async () => {
    const a = await twoBrands();
    const b = await createCompanyWithUsers(ctx);
    const id = await idOf(a.companyId, '01011110001');
    for (const token of [b.user.token, b.admin.token]) {
      await request(app).get(`/api/customers/${id}`).set(bearer(token)).expect(404);
      await request(app).patch(`/api/customers/${id}`).set(bearer(token)).send({ name: 'x' }).expect(404);
      await request(app).delete(`/api/customers/${id}`).set(bearer(token)).expect(404);
      const bulk = await request(app).post('/api/customers/bulk-delete').set(bearer(token)).send({ ids: [id] }).expect(200);
      expect(bulk.body).toEqual({ deleted: 0 });
    }
    await request(app).get('/api/customers/not-a-uuid').set(bearer(a.user.token)).expect(404);
    expect((await request(app).get('/api/customers').set(bearer(b.user.token)).expect(200)).body.total).toBe(0);
    const row = await ctx.deps.db.selectFrom('customers').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name).toBe('김에이');
  });

  it('lets only company users in', async () => {
    await request(app).get('/api/customers').expect(401);
  });
});

describe('list, search and filters', () => {
  it('searches by name, full phone and last 4 digits, and filters', async () => {
    const { user } = await twoBrands();
    const q = async (qs: string) => CustomerList.parse((await request(app).get(`/api/customers?${qs}`).set(bearer(user.token)).expect(200)).body).items.map((c) => c.phone);
    expect(await q(`q=${encodeURIComponent('에이')}`)).toHaveLength(2);
    expect(await q('q=5678')).toEqual(['01033335678']);
    expect(await q(`q=${encodeURIComponent('010-2222-0001')}`)).toEqual(['01022220001']);
    expect(await q('q=0001&sort=name&order=asc')).toEqual(['01011110001', '01022220001']);
    expect(await q('gender=F&sort=name&order=asc')).toEqual(['01011110001', '01022220001']);
    expect(await q('ageBand=20')).toEqual(['01011110001']);
    expect(await q('ageBand=60')).toEqual(['01011110002']);
    expect(await q('recentPurchaseDays=30')).toEqual(['01011110001']);
    expect(await q('smsOptIn=false')).toEqual(['01011110002']);
    expect(await q(`grade=VIP&region=${encodeURIComponent('서울')}&storeCode=B1`)).toEqual(['01022220001']);
    await request(app).get('/api/customers?pageSize=101').set(bearer(user.token)).expect(400);
    const page = CustomerList.parse((await request(app).get('/api/customers?pageSize=3&page=2').set(bearer(user.token)).expect(200)).body);
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page.items).toHaveLength(1);
  });

  it('computes dashboard stats with KST age bands, grades and regions', async () => {
    const { admin } = await twoBrands();
    const stats = CustomerStats.parse((await request(app).get('/api/customers/stats').set(bearer(admin.token)).expect(200)).body);
    expect(stats).toMatchObject({ total: 4, optedIn: 3, optedOut: 1, optOutListSize: 1, gender: { M: 1, F: 2, unknown: 1 } });
    expect(stats.ageBands.bands).toEqual([
      { band: '10대', count: 0 }, { band: '20대', count: 1 }, { band: '30대', count: 1 },
      { band: '40대', count: 0 }, { band: '50대', count: 0 }, { band: '60대 이상', count: 1 },
    ]);
    expect(stats.ageBands.unknown).toBe(1);
    expect(stats.grades).toEqual([{ key: 'VIP', count: 2 }, { key: '일반', count: 1 }, { key: null, count: 1 }]);
    expect(stats.regions[0]).toEqual({ key: '서울', count: 2 });
  });
});

describe('detail, create, edit', () => {
  it('shows custom fields with labels and purchases, and lists the field catalog with data flags', async () => {
    const { companyId, user } = await twoBrands();
    await ctx.deps.db.insertInto('customer_field_labels').values([{ company_id: companyId, field_key: 'custom_2', label: '관심사' }, { company_id: companyId, field_key: 'custom_5', label: '미사용' }]).execute();
    const id = await idOf(companyId, '01033335678');
    await ctx.deps.db.insertInto('purchases').values({ company_id: companyId, customer_id: id, customer_phone: '01033335678', purchase_date: '2025-12-17', total_amount: '15000', natural_key: 'k1', store_code: 'B1' }).execute();
    const detail = CustomerDetail.parse((await request(app).get(`/api/customers/${id}`).set(bearer(user.token)).expect(200)).body);
    expect(detail.customFields).toEqual([
      { key: 'custom_2', label: '관심사', value: '골프' },
      { key: 'custom_5', label: '미사용', value: null },
    ]);
    expect(detail.purchases).toMatchObject({ total: 1, items: [{ purchaseDate: '2025-12-17', totalAmount: '15000.00' }] });
    const catalog = FieldCatalog.parse((await request(app).get('/api/customers/field-catalog').set(bearer(user.token)).expect(200)).body);
    const f = (k: string) => catalog.fields.find((x) => x.fieldKey === k);
    expect(f('name')).toMatchObject({ hasData: true, isCustom: false, label: '이름' });
    expect(f('email')).toMatchObject({ hasData: false });
    expect(f('custom_2')).toMatchObject({ label: '관심사', hasData: true, isCustom: true });
    expect(f('custom_5')).toMatchObject({ label: '미사용', hasData: false });
    expect(f('custom_9')).toBeUndefined();
  });

  it('creates a customer with normalised values, refuses duplicates and requires consent', async () => {
    const { companyId, user, brandA } = await twoBrands();
    const body = { phone: '010-4444-5555', name: ' 홍길동 ', gender: '남자', region: '서울특별시', grade: 'VIP고객', birthDate: '1990. 1. 2.', smsOptIn: true, customFields: { custom_1: '메모' } };
    const res = await request(app).post('/api/customers').set(bearer(user.token)).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(CustomerDetail.parse(res.body)).toMatchObject({ phone: '01044445555', name: '홍길동', gender: 'M', region: '서울', grade: 'VIP', birthDate: '1990-01-02', smsOptIn: true, source: 'manual' });
    await request(app).post('/api/customers').set(bearer(user.token)).send(body).expect(409);
    await request(app).post('/api/customers').set(bearer(user.token)).send({ phone: '01044446666' }).expect(400);
    const bad = await request(app).post('/api/customers').set(bearer(user.token)).send({ phone: '01044446666', gender: '몰라', smsOptIn: false });
    expect(bad.status).toBe(400);
    // a brand user's customer lands in their store; another store is refused
    const own = await request(app).post('/api/customers').set(bearer(brandA.token)).send({ phone: '01044447777', smsOptIn: false }).expect(201);
    expect(own.body.storeCode).toBe('A1');
    await request(app).post('/api/customers').set(bearer(brandA.token)).send({ phone: '01044448888', storeCode: 'B1', smsOptIn: true }).expect(400);
    const audit = await ctx.deps.db.selectFrom('audit_logs').select('action').where('company_id', '=', companyId).where('action', '=', 'customer.created').execute();
    expect(audit).toHaveLength(2);
  });

  it('edits only the sent fields, clears with null, and a 수신거부 edit adds the phone to the opt-out list', async () => {
    const { companyId, user } = await twoBrands();
    const id = await idOf(companyId, '01011110001');
    const res = await request(app).patch(`/api/customers/${id}`).set(bearer(user.token)).send({ grade: '골드', region: null, smsOptIn: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(CustomerDetail.parse(res.body)).toMatchObject({ grade: '골드', region: null, name: '김에이', smsOptIn: false, optedOut: true });
    const optOut = await ctx.deps.db.selectFrom('opt_outs').select(['source']).where('company_id', '=', companyId).where('phone', '=', '01011110001').executeTakeFirstOrThrow();
    expect(optOut.source).toBe('customer');
    await request(app).patch(`/api/customers/${id}`).set(bearer(user.token)).send({ phone: '01099998888' }).expect(400);
    await request(app).patch(`/api/customers/${id}`).set(bearer(user.token)).send({}).expect(400);
  });
});

describe('deletes', () => {
  const auditOf = (companyId: string, action: string) =>
    ctx.deps.db.selectFrom('audit_logs').select(['details', 'actor_id']).where('company_id', '=', companyId).where('action', '=', action).execute();

  it('deletes one and many, auditing counts only', async () => {
    const { companyId, user } = await twoBrands();
    const one = await idOf(companyId, '01011110001');
    await request(app).delete(`/api/customers/${one}`).set(bearer(user.token)).expect(204);
    await request(app).delete(`/api/customers/${one}`).set(bearer(user.token)).expect(404);
    const many = [await idOf(companyId, '01011110002'), await idOf(companyId, '01022220001'), 'junk'];
    expect((await request(app).post('/api/customers/bulk-delete').set(bearer(user.token)).send({ ids: many }).expect(200)).body).toEqual({ deleted: 2 });
    expect((await auditOf(companyId, 'customer.deleted')).map((a) => a.details)).toEqual([{ count: 1 }]);
    expect((await auditOf(companyId, 'customer.bulk_deleted')).map((a) => a.details)).toEqual([{ count: 2, requested: 3 }]);
    const left = await ctx.deps.db.selectFrom('customers').select('phone').where('company_id', '=', companyId).execute();
    expect(left).toEqual([{ phone: '01033335678' }]);
  });

  it('deletes all only for a company admin typing the exact company name', async () => {
    const { companyId, user, admin } = await twoBrands();
    const other = await twoBrands();
    const company = await ctx.deps.db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirstOrThrow();
    await request(app).post('/api/customers/delete-all').set(bearer(user.token)).send({ confirm: company.name }).expect(403);
    await request(app).post('/api/customers/delete-all').set(bearer(admin.token)).send({ confirm: `${company.name} ` }).expect(400);
    await request(app).post('/api/customers/delete-all').set(bearer(admin.token)).send({}).expect(400);
    const count = async (id: string) => (await ctx.deps.db.selectFrom('customers').select('id').where('company_id', '=', id).execute()).length;
    expect(await count(companyId)).toBe(4);
    const res = await request(app).post('/api/customers/delete-all').set(bearer(admin.token)).send({ confirm: company.name }).expect(200);
    expect(res.body).toEqual({ deleted: 4 });
    expect(await count(companyId)).toBe(0);
    expect(await count(other.companyId)).toBe(4);
    expect((await auditOf(companyId, 'customer.all_deleted')).map((a) => [a.details, a.actor_id])).toEqual([[{ count: 4 }, admin.id]]);
    // opt-outs outlive the customers
    expect(await ctx.deps.db.selectFrom('opt_outs').select('phone').where('company_id', '=', companyId).execute()).toEqual([{ phone: '01011110002' }]);
  });
});
