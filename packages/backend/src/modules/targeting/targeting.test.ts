import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { TargetFieldCatalog, TargetPreview, maskPhone, type TargetFilter } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin, signInUser } from '../../../test/auth-helpers.js';
import { createCompany } from '../../../test/factories.js';
import { createOpenApiRegistry, generateOpenApiDocument } from '../../http/openapi.js';
import { registerTargetingOpenApi } from './targeting.routes.js';
import { previewTarget, recipientQuery } from './targeting.service.js';
import { addCustomers, addOptOutPhones, phoneOf, scopeOf, targetingApp } from './targeting.test-helpers.js';

let ctx: TestContext;
let app: Express;
const NOW = new Date('2026-11-30T03:00:00Z'); // 12:00 KST
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.deps.now = () => NOW;
  app = targetingApp(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

/**
 * 3,000 rows of 2,500 phones: rows 2,500+ reuse phones 0–499 under store S9; every 10th phone is
 * opted out; every 7th row (i % 7 = 3) has no consent; every 7th phone never purchased.
 */
async function seedPopulation(companyId: string): Promise<void> {
  await sql`
    INSERT INTO customers (company_id, phone, name, gender, grade, region, store_code, sms_opt_in, recent_purchase_date, total_purchase_amount, updated_at)
    SELECT ${companyId}, '010' || lpad((i % 2500)::text, 8, '0'), '고객' || i,
      CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END,
      (ARRAY['VIP', 'GOLD', 'SILVER', 'BASIC'])[i % 4 + 1],
      (ARRAY['서울', '부산', '대구'])[i % 3 + 1],
      CASE WHEN i >= 2500 THEN 'S9' WHEN i % 3 = 0 THEN 'S1' WHEN i % 3 = 1 THEN 'S2' END,
      i % 7 <> 3,
      CASE WHEN i % 2500 % 7 = 0 THEN NULL ELSE DATE '2026-11-30' - (i % 2500 % 200) END,
      0,
      TIMESTAMPTZ '2026-01-01' + make_interval(secs => i)
    FROM generate_series(0, 2999) AS i`.execute(ctx.deps.db);
  await sql`
    INSERT INTO opt_outs (company_id, phone, source)
    SELECT ${companyId}, '010' || lpad(i::text, 8, '0'), 'manual' FROM generate_series(0, 2499, 10) AS i`.execute(ctx.deps.db);
}

interface Row { phone: string; gender: string | null; grade: string | null; store_code: string | null; sms_opt_in: boolean; recent_purchase_date: string | null }

/** The expected preview, computed in JS from the raw rows — independent of the SQL under test. */
async function expectedCounts(companyId: string, keep: (r: Row) => boolean, isAd: boolean) {
  const rows = (await ctx.deps.db.selectFrom('customers').select(['phone', 'gender', 'grade', 'store_code', 'sms_opt_in', 'recent_purchase_date'])
    .where('company_id', '=', companyId).execute()).filter(keep);
  const optedOut = new Set((await ctx.deps.db.selectFrom('opt_outs').select('phone').where('company_id', '=', companyId).execute()).map((r) => r.phone));
  const afterOptOut = rows.filter((r) => !optedOut.has(r.phone));
  const afterConsent = afterOptOut.filter((r) => !isAd || r.sms_opt_in);
  const phones = new Set(afterConsent.map((r) => r.phone));
  return {
    matched: rows.length,
    optedOut: rows.length - afterOptOut.length,
    noConsent: afterOptOut.length - afterConsent.length,
    duplicatePhones: afterConsent.length - phones.size,
    final: phones.size,
    phones: [...phones].sort(),
  };
}

const SEGMENT = {
  op: 'and',
  conditions: [
    { field: 'gender', operator: 'eq', value: 'F' },
    { field: 'grade', operator: 'in', value: ['VIP', 'GOLD'] },
    { field: 'recent_purchase_date', operator: 'days_within', value: 90 },
  ],
} as const satisfies TargetFilter;
// 2026-11-30 (KST today) − 90 days, worked out by hand
const inSegment = (r: Row) => r.gender === 'F' && (r.grade === 'VIP' || r.grade === 'GOLD') && r.recent_purchase_date !== null && r.recent_purchase_date >= '2026-09-01';

async function recipientsOf(companyId: string, filter: TargetFilter, isAd: boolean, storeCodes: string[] | null = null) {
  return (await recipientQuery(ctx.deps, scopeOf(companyId, storeCodes), filter, { isAd })).execute();
}

describe('previewTarget', () => {
  let companyId: string;
  beforeAll(async () => {
    companyId = (await createCompany(ctx.deps.db)).id;
    await seedPopulation(companyId);
    // a second company with the very same customers must never be counted
    await seedPopulation((await createCompany(ctx.deps.db)).id);
  });

  it.each([true, false])('matches an independent count of the same rows (isAd=%s)', async (isAd) => {
    const expected = await expectedCounts(companyId, inSegment, isAd);
    const preview = await previewTarget(ctx.deps, scopeOf(companyId), SEGMENT, { isAd });
    const { phones, ...counts } = expected;
    expect(preview).toMatchObject(counts);
    expect(counts.optedOut).toBeGreaterThan(0);
    expect(counts.duplicatePhones).toBeGreaterThan(0);
    expect(isAd ? counts.noConsent > 0 : counts.noConsent === 0).toBe(true);
    expect(preview.matched).toBe(preview.optedOut + preview.noConsent + preview.duplicatePhones + preview.final);

    const recipients = await recipientsOf(companyId, SEGMENT, isAd);
    expect(recipients.map((r) => r.phone)).toEqual(phones);
    expect(preview.sample).toEqual({ name: recipients[0]!.name, phoneMasked: maskPhone(phones[0]!), grade: recipients[0]!.grade, region: recipients[0]!.region });
  });

  it('sends a shared phone once, from its most recently updated record', async () => {
    const id = (await createCompany(ctx.deps.db)).id;
    await addCustomers(ctx, id, [
      { phone: phoneOf(1), name: '옛 기록', store_code: 'S1', grade: 'VIP', updated_at: '2026-01-01T00:00:00Z' },
      { phone: phoneOf(1), name: '새 기록', store_code: 'S2', grade: 'VIP', updated_at: '2026-06-01T00:00:00Z' },
      { phone: phoneOf(2), name: '다른 고객', store_code: 'S1', grade: 'VIP' },
    ]);
    const filter: TargetFilter = { op: 'and', conditions: [{ field: 'grade', operator: 'eq', value: 'VIP' }] };
    const preview = await previewTarget(ctx.deps, scopeOf(id), filter, { isAd: true });
    expect(preview).toMatchObject({ matched: 3, optedOut: 0, noConsent: 0, duplicatePhones: 1, final: 2 });
    expect((await recipientsOf(id, filter, true)).map((r) => r.name)).toEqual(['새 기록', '다른 고객']);
  });

  it('excludes 1,000 opted-out of 2,000 targets for ads and informational messages alike', async () => {
    const id = (await createCompany(ctx.deps.db)).id;
    await addCustomers(ctx, id, Array.from({ length: 2000 }, (_, i) => ({ phone: phoneOf(i), grade: 'VIP', sms_opt_in: true })));
    await addOptOutPhones(ctx, id, Array.from({ length: 1000 }, (_, i) => phoneOf(i * 2)));
    for (const isAd of [true, false]) {
      const preview = await previewTarget(ctx.deps, scopeOf(id), { all: true }, { isAd });
      expect(preview).toMatchObject({ matched: 2000, optedOut: 1000, final: 1000 });
      const recipients = await recipientsOf(id, { all: true }, isAd);
      expect(recipients).toHaveLength(1000);
      expect(recipients.every((r) => Number(r.phone.slice(-1)) % 2 === 1)).toBe(true);
    }
  });

  it('counts only the stores a store-limited scope may see (opt-outs stay company-wide)', async () => {
    const expected = await expectedCounts(companyId, (r) => inSegment(r) && r.store_code === 'S1', true);
    const preview = await previewTarget(ctx.deps, scopeOf(companyId, ['S1']), SEGMENT, { isAd: true });
    const { phones, ...counts } = expected;
    expect(preview).toMatchObject(counts);
    expect((await recipientsOf(companyId, SEGMENT, true, ['S1'])).map((r) => r.phone)).toEqual(phones);
  });
});

describe('POST /api/targeting/preview', () => {
  it('previews in the caller’s scope; a store-limited marketer sees their stores only', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addCustomers(ctx, companyId, [
      { phone: phoneOf(11), store_code: 'S1', gender: 'F' },
      { phone: phoneOf(12), store_code: 'S2', gender: 'F' },
      { phone: phoneOf(13), store_code: null, gender: 'F' },
      { phone: phoneOf(14), store_code: 'S1', gender: 'F', sms_opt_in: false },
    ]);
    const limited = await signInUser(ctx, companyId, 'user', { storeCodes: ['S1'] });
    const body = { filter: { op: 'and', conditions: [{ field: 'gender', operator: 'eq', value: 'F' }] }, isAd: true };
    const all = TargetPreview.parse((await request(app).post('/api/targeting/preview').set(bearer(user.token)).send(body).expect(200)).body);
    expect(all).toMatchObject({ matched: 4, noConsent: 1, final: 3, description: '성별: 여성' });
    const mine = TargetPreview.parse((await request(app).post('/api/targeting/preview').set(bearer(limited.token)).send(body).expect(200)).body);
    expect(mine).toMatchObject({ matched: 2, noConsent: 1, final: 1 });
    const info = TargetPreview.parse((await request(app).post('/api/targeting/preview').set(bearer(limited.token)).send({ ...body, isAd: false }).expect(200)).body);
    expect(info).toMatchObject({ matched: 2, noConsent: 0, final: 2 });
  });

  it.each([
    ['{}', {}],
    ['an empty group', { op: 'and', conditions: [] }],
    ['an empty nested group', { op: 'or', conditions: [{ op: 'and', conditions: [] }] }],
    ['null', null],
  ])('refuses %s as a filter with 400 (lesson 2)', async (_name, filter) => {
    const { user } = await createCompanyWithUsers(ctx);
    const res = await request(app).post('/api/targeting/preview').set(bearer(user.token)).send({ filter, isAd: true }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('counts everyone only for an explicit { all: true }', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addCustomers(ctx, companyId, [{ phone: phoneOf(21) }, { phone: phoneOf(22), sms_opt_in: false }]);
    const res = await request(app).post('/api/targeting/preview').set(bearer(user.token)).send({ filter: { all: true }, isAd: false }).expect(200);
    expect(res.body).toMatchObject({ matched: 2, final: 2, description: '전체 고객' });
  });

  const evil = `"; DROP TABLE customers; --`;
  it.each([
    ['an injected field name', { field: evil, operator: 'eq', value: 'x' }],
    ['custom_16', { field: 'custom_16', operator: 'eq', value: 'x' }],
    ['__proto__', { field: '__proto__', operator: 'eq', value: 'x' }],
    ['constructor', { field: 'constructor', operator: 'eq', value: 'x' }],
    ['a column that is not a filter field', { field: 'phone', operator: 'eq', value: '01012345678' }],
    ['an injected operator', { field: 'grade', operator: `= 'x' OR 1=1 --`, value: 'x' }],
    ['an object value', { field: 'grade', operator: 'eq', value: { raw: evil } }],
    ['an injected date', { field: 'registered_at', operator: 'gte', value: `2025-01-01'; ${evil}` }],
    ['an injected day count', { field: 'recent_purchase_date', operator: 'days_within', value: `1; ${evil}` }],
    ['a custom field not set up', { field: 'custom_9', operator: 'eq', value: 'x' }],
  ])('answers 400 for %s, never a SQL error', async (_name, condition) => {
    const { user } = await createCompanyWithUsers(ctx);
    const res = await request(app).post('/api/targeting/preview').set(bearer(user.token)).send({ filter: { op: 'and', conditions: [condition] }, isAd: true });
    expect(res.status).toBe(400);
    expect(['validation_failed', 'bad_request']).toContain(res.body.error.code);
  });

  it('treats injected values as plain values', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addCustomers(ctx, companyId, [{ phone: phoneOf(31), grade: evil, name: evil }, { phone: phoneOf(32), grade: 'VIP' }]);
    const filter = { op: 'or', conditions: [{ field: 'grade', operator: 'eq', value: evil }, { field: 'name', operator: 'contains', value: `'); ${evil}` }] };
    const res = await request(app).post('/api/targeting/preview').set(bearer(user.token)).send({ filter, isAd: false }).expect(200);
    expect(res.body).toMatchObject({ matched: 1, final: 1 });
    expect(await ctx.deps.db.selectFrom('customers').select('phone').where('company_id', '=', companyId).execute()).toHaveLength(2);
  });

  it('admits company users only', async () => {
    await request(app).post('/api/targeting/preview').send({ filter: { all: true }, isAd: true }).expect(401);
    const superAdmin = await signInSuperAdmin(ctx);
    await request(app).post('/api/targeting/preview').set(bearer(superAdmin.token)).send({ filter: { all: true }, isAd: true }).expect(403);
  });
});

describe('GET /api/targeting/fields', () => {
  it('lists standard and the company’s custom fields, with values from its own data', async () => {
    const { companyId, user, admin } = await createCompanyWithUsers(ctx);
    const other = await createCompany(ctx.deps.db);
    await addCustomers(ctx, companyId, [
      { phone: phoneOf(41), grade: 'VIP', region: '서울', store_code: 'S2' },
      { phone: phoneOf(42), grade: 'GOLD', region: '서울', store_code: 'S1' },
      { phone: phoneOf(43), grade: 'VIP', store_code: null },
    ]);
    await addCustomers(ctx, other.id, [{ phone: phoneOf(41), grade: 'OTHER-ONLY', region: '제주', store_code: 'X9' }]);
    await ctx.deps.db.insertInto('customer_field_labels').values([
      { company_id: companyId, field_key: 'custom_10', label: '관심 상품', field_type: 'string' },
      { company_id: companyId, field_key: 'custom_2', label: '방문 횟수', field_type: 'number' },
      { company_id: other.id, field_key: 'custom_3', label: '다른 회사 항목', field_type: 'date' },
    ]).execute();

    const catalog = TargetFieldCatalog.parse((await request(app).get('/api/targeting/fields').set(bearer(user.token)).expect(200)).body);
    const field = (name: string) => catalog.fields.find((f) => f.field === name);
    expect(field('grade')?.values?.map((v) => v.value)).toEqual(['GOLD', 'VIP']);
    expect(field('region')?.values?.map((v) => v.value)).toEqual(['서울']);
    expect(field('store_code')?.values?.map((v) => v.value)).toEqual(['S1', 'S2']);
    expect(field('gender')?.values).toEqual([{ value: 'M', label: '남성' }, { value: 'F', label: '여성' }]);
    expect(field('age')?.operators.map((o) => o.operator)).toEqual(['age_band', 'gte', 'lte']);
    expect(catalog.fields.filter((f) => f.isCustom).map((f) => [f.field, f.label, f.type])).toEqual([
      ['custom_2', '방문 횟수', 'number'],
      ['custom_10', '관심 상품', 'string'],
    ]);
    expect(field('custom_2')?.operators.map((o) => o.operator)).toContain('between');

    const limited = await signInUser(ctx, companyId, 'user', { storeCodes: ['S1'] });
    const mine = TargetFieldCatalog.parse((await request(app).get('/api/targeting/fields').set(bearer(limited.token)).expect(200)).body);
    expect(mine.fields.find((f) => f.field === 'store_code')?.values?.map((v) => v.value)).toEqual(['S1']);
    expect(mine.fields.find((f) => f.field === 'grade')?.values?.map((v) => v.value)).toEqual(['GOLD']);
    await request(app).get('/api/targeting/fields').set(bearer(admin.token)).expect(200);
  });

  it('describes both endpoints in OpenAPI', () => {
    const registry = createOpenApiRegistry();
    registerTargetingOpenApi(registry);
    const doc = generateOpenApiDocument(registry, 'test');
    expect(Object.keys(doc.paths ?? {})).toEqual(expect.arrayContaining(['/api/targeting/preview', '/api/targeting/fields']));
  });
});
