import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { Company, CompanyCreated, CompanyList, SyncCredentials } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany } from '../../../test/factories.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { verifySecret } from '../../security/secrets.js';
import { auditRowsFor, bearer, buildCompaniesApp, unique080, uniqueCode } from './companies.test-helpers.js';

let ctx: TestContext;
let app: Express;
let sa: { token: string; id: string };
let tenant: Awaited<ReturnType<typeof createCompanyWithUsers>>;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  ctx = await createTestContext();
  app = buildCompaniesApp(ctx);
  sa = await signInSuperAdmin(ctx);
  tenant = await createCompanyWithUsers(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const companyRow = (id: string) => ctx.deps.db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function createViaApi(over: Record<string, unknown> = {}) {
  const res = await request(app)
    .post('/api/admin/companies')
    .set(bearer(sa.token))
    .send({ code: uniqueCode(), name: '봄꽃상회', ...over })
    .expect(201);
  return CompanyCreated.parse(res.body);
}

describe('role matrix of /api/admin/companies…', () => {
  const endpoints = (id: string) => [
    { method: 'post', path: '/api/admin/companies', body: { code: uniqueCode(), name: '권한 확인' }, ok: 201 },
    { method: 'get', path: '/api/admin/companies', ok: 200 },
    { method: 'get', path: `/api/admin/companies/${id}`, ok: 200 },
    { method: 'patch', path: `/api/admin/companies/${id}`, body: { contactName: '김담당' }, ok: 200 },
    { method: 'post', path: `/api/admin/companies/${id}/sync-credentials/rotate`, ok: 200 },
  ] as const;

  it('answers 401 without a token, 403 to marketers and company admins, and serves super admins', async () => {
    const target = await createCompany(ctx.deps.db);
    for (const ep of endpoints(target.id)) {
      const call = (token?: string) => {
        const req = request(app)[ep.method](ep.path);
        if (token) req.set(bearer(token));
        return 'body' in ep ? req.send(ep.body) : req;
      };
      await call().expect(401);
      const asUser = await call(tenant.user.token).expect(403);
      expect(asUser.body.error.code).toBe('forbidden');
      await call(tenant.admin.token).expect(403);
      await call(sa.token).expect(ep.ok);
    }
    // terminate last: it ends the company
    const terminate = (token?: string) => {
      const req = request(app).post(`/api/admin/companies/${target.id}/terminate`);
      return (token ? req.set(bearer(token)) : req).send({ reason: '권한 확인' });
    };
    await terminate().expect(401);
    await terminate(tenant.user.token).expect(403);
    await terminate(tenant.admin.token).expect(403);
    expect((await companyRow(target.id)).status).toBe('active');
    await terminate(sa.token).expect(200);
  });

  it('answers 404 for an unknown company id on every :id endpoint and changes nothing', async () => {
    const before = await ctx.deps.db.selectFrom('audit_logs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await request(app).get(`/api/admin/companies/${MISSING}`).set(bearer(sa.token)).expect(404);
    await request(app).patch(`/api/admin/companies/${MISSING}`).set(bearer(sa.token)).send({ name: '없음' }).expect(404);
    await request(app).post(`/api/admin/companies/${MISSING}/sync-credentials/rotate`).set(bearer(sa.token)).expect(404);
    await request(app).post(`/api/admin/companies/${MISSING}/terminate`).set(bearer(sa.token)).send({ reason: '없음' }).expect(404);
    const after = await ctx.deps.db.selectFrom('audit_logs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('POST /api/admin/companies', () => {
  it('creates the company, shows the sync secret once and stores only a hash that verifies', async () => {
    const number = unique080();
    const created = await createViaApi({
      optOut080Number: `${number.slice(0, 3)}-${number.slice(3, 6)}-${number.slice(6)}`,
      priceSms: '9.9',
      priceLms: '29',
      billingType: 'prepaid',
      sessionTimeoutMinutes: 60,
      sendStartHour: 9,
      sendEndHour: 20,
      storeCodes: ['S01', 'S02'],
    });
    expect(created).toMatchObject({ optOut080Number: number, priceSms: '9.90', priceLms: '29.00', billingType: 'prepaid', status: 'trial' });
    expect(created.syncApiKey).toMatch(/^sk_[A-Za-z0-9_-]{20,}$/);
    expect(created.syncSecret.length).toBeGreaterThanOrEqual(40);

    const row = await companyRow(created.id);
    expect(row.sync_secret_hash).toMatch(/^scrypt\$/);
    expect(row.sync_secret_hash).not.toContain(created.syncSecret);
    expect(await verifySecret(created.syncSecret, row.sync_secret_hash ?? '')).toBe(true);
    expect(await verifySecret('wrong-secret', row.sync_secret_hash ?? '')).toBe(false);

    const detail = await request(app).get(`/api/admin/companies/${created.id}`).set(bearer(sa.token)).expect(200);
    const text = JSON.stringify(detail.body);
    expect(text).not.toContain(created.syncSecret);
    expect(text).not.toContain('scrypt$');
    expect(detail.body).not.toHaveProperty('syncSecret');
    expect(Company.parse(detail.body)).toMatchObject({ id: created.id, userCount: 0, plan: null, lineGroupId: null });

    const audit = await auditRowsFor(ctx, created.id);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'company.create', actor_type: 'super_admin', actor_id: sa.id, company_id: created.id }),
    ]);
    expect(JSON.stringify(audit[0]?.details)).not.toContain(created.syncSecret);
  });

  it.each([
    ['a bad code', { code: 'bad-code' }, '고객사 코드는 영문 대문자'],
    ['a bad 080 number', { optOut080Number: '070-1234-5678' }, '080 수신거부 번호는 080으로 시작하는 10자리'],
    ['a 3-minute session timeout', { sessionTimeoutMinutes: 3 }, '세션 유지 시간은 5분 이상'],
    ['start hour not before end hour', { sendStartHour: 21, sendEndHour: 21 }, '발송 시작 시각은 종료 시각보다 빨라야'],
    ['a negative price', { priceSms: '-1' }, 'SMS 단가은(는) 0 이상의 숫자'],
    ['a sync batch limit of 50', { syncBatchLimit: 50 }, '동기화 배치 크기는 100 이상'],
    ['an unknown field', { discount: 10 }, '알 수 없는 항목입니다: discount'],
  ])('refuses %s with 400 and a Korean message, creating nothing', async (_name, over, message) => {
    const code = uniqueCode('V');
    const res = await request(app).post('/api/admin/companies').set(bearer(sa.token)).send({ code, name: '검증', ...over }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(message);
    const rows = await ctx.deps.db.selectFrom('companies').select('id').where('code', 'in', [code, 'bad-code']).execute();
    expect(rows).toEqual([]);
  });

  it('refuses a duplicate code and a 080 number in use with 409', async () => {
    const first = await createViaApi({ optOut080Number: unique080() });
    const dupCode = await request(app).post('/api/admin/companies').set(bearer(sa.token)).send({ code: first.code, name: '중복' }).expect(409);
    expect(dupCode.body.error.message).toContain('이미 사용 중인 고객사 코드');
    const dup080 = await request(app)
      .post('/api/admin/companies')
      .set(bearer(sa.token))
      .send({ code: uniqueCode(), name: '중복', optOut080Number: first.optOut080Number })
      .expect(409);
    expect(dup080.body.error.message).toContain('080 수신거부 번호');
  });
});

describe('GET /api/admin/companies', () => {
  it('searches by name or code, filters by status and pages with a total', async () => {
    const marker = `검색${Date.now()}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createViaApi({ name: `${marker} ${i}`, status: i === 2 ? 'suspended' : 'active' }));
    const all = CompanyList.parse((await request(app).get('/api/admin/companies').query({ search: marker, pageSize: 2 }).set(bearer(sa.token)).expect(200)).body);
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    const page2 = CompanyList.parse((await request(app).get('/api/admin/companies').query({ search: marker, pageSize: 2, page: 2 }).set(bearer(sa.token)).expect(200)).body);
    expect(page2.items).toHaveLength(1);
    expect(new Set([...all.items, ...page2.items].map((c) => c.id))).toEqual(new Set(made.map((c) => c.id)));

    const byCode = CompanyList.parse((await request(app).get('/api/admin/companies').query({ search: made[0]?.code.toLowerCase() }).set(bearer(sa.token)).expect(200)).body);
    expect(byCode.items.map((c) => c.id)).toEqual([made[0]?.id]);
    const suspended = CompanyList.parse((await request(app).get('/api/admin/companies').query({ search: marker, status: 'suspended' }).set(bearer(sa.token)).expect(200)).body);
    expect(suspended.items.map((c) => c.id)).toEqual([made[2]?.id]);
    // LIKE wildcards are literal
    const wildcard = CompanyList.parse((await request(app).get('/api/admin/companies').query({ search: '%' }).set(bearer(sa.token)).expect(200)).body);
    expect(wildcard.total).toBe(0);
  });

  it('refuses a page size over 100', async () => {
    const res = await request(app).get('/api/admin/companies').query({ pageSize: 101 }).set(bearer(sa.token)).expect(400);
    expect(res.body.error.message).toContain('페이지 크기는 100 이하');
  });
});

describe('PATCH /api/admin/companies/:id', () => {
  it('changes only what is sent and audits each kind of change with before/after', async () => {
    const c = await createViaApi({ priceSms: '10' });
    const res = await request(app)
      .patch(`/api/admin/companies/${c.id}`)
      .set(bearer(sa.token))
      .send({ contactName: '이담당', priceSms: '11.5', priceLms: '30', billingType: 'prepaid', maxUsers: 9 })
      .expect(200);
    expect(Company.parse(res.body)).toMatchObject({ contactName: '이담당', priceSms: '11.50', priceLms: '30.00', balance: '0.00', billingType: 'prepaid', maxUsers: 9, name: c.name });
    const audit = await auditRowsFor(ctx, c.id);
    const byAction = Object.fromEntries(audit.map((a) => [a.action, a]));
    expect(byAction['company.prices_changed']?.details).toEqual({ before: { priceSms: '10.00', priceLms: '0.00' }, after: { priceSms: '11.50', priceLms: '30.00' } });
    expect(byAction['company.billing_changed']?.details).toEqual({ before: { billingType: 'postpaid' }, after: { billingType: 'prepaid' } });
    expect(byAction['company.update']?.details).toEqual({ before: { contactName: null, maxUsers: 5 }, after: { contactName: '이담당', maxUsers: 9 } });
    for (const a of audit.filter((r) => r.action !== 'company.create')) expect(a).toMatchObject({ actor_type: 'super_admin', actor_id: sa.id, company_id: c.id });

    // sending the same values again is not a change
    await request(app).patch(`/api/admin/companies/${c.id}`).set(bearer(sa.token)).send({ priceSms: '11.50', contactName: '이담당' }).expect(200);
    expect(await auditRowsFor(ctx, c.id)).toHaveLength(audit.length);
  });

  it('refuses a balance with 400 pointing to the billing adjustment, changing nothing (the balance moves only through the ledger)', async () => {
    const c = await createViaApi({ priceSms: '10' });
    const before = await companyRow(c.id);
    const auditBefore = await auditRowsFor(ctx, c.id);
    const res = await request(app).patch(`/api/admin/companies/${c.id}`).set(bearer(sa.token)).send({ balance: '5000', contactName: '이담당' }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('잔액은 직접 수정할 수 없습니다');
    expect(await companyRow(c.id)).toEqual(before);
    expect(await auditRowsFor(ctx, c.id)).toEqual(auditBefore);
  });

  it('checks the send window against the stored hours and changes nothing when it is inverted', async () => {
    const c = await createViaApi({ sendStartHour: 9, sendEndHour: 18 });
    const res = await request(app).patch(`/api/admin/companies/${c.id}`).set(bearer(sa.token)).send({ sendStartHour: 18 }).expect(400);
    expect(res.body.error.message).toContain('발송 시작 시각은 종료 시각보다 빨라야');
    const row = await companyRow(c.id);
    expect([row.send_start_hour, row.send_end_hour]).toEqual([9, 18]);
  });

  it('refuses lowering max users below the current number of users', async () => {
    const { companyId } = await createCompanyWithUsers(ctx);
    const res = await request(app).patch(`/api/admin/companies/${companyId}`).set(bearer(sa.token)).send({ maxUsers: 1 }).expect(409);
    expect(res.body.error.message).toContain('사용자가 2명');
    expect((await companyRow(companyId)).max_users).toBe(5);
  });

  it('does not accept terminated as a status (terminate has its own endpoint)', async () => {
    const c = await createViaApi();
    const res = await request(app).patch(`/api/admin/companies/${c.id}`).set(bearer(sa.token)).send({ status: 'terminated' }).expect(400);
    expect(res.body.error.message).toContain('해지는 해지 기능을 이용해');
    expect((await companyRow(c.id)).status).toBe('trial');
  });

  it('suspending a company audits the status change and ends its users\' sessions', async () => {
    const t = await createCompanyWithUsers(ctx);
    await request(app).get('/api/company').set(bearer(t.admin.token)).expect(200);
    await request(app).patch(`/api/admin/companies/${t.companyId}`).set(bearer(sa.token)).send({ status: 'suspended' }).expect(200);
    await request(app).get('/api/company').set(bearer(t.admin.token)).expect(401);
    await request(ctx.app).get('/api/auth/me').set(bearer(t.user.token)).expect(401);
    const audit = await auditRowsFor(ctx, t.companyId);
    expect(audit.find((a) => a.action === 'company.status_changed')?.details).toEqual({ before: { status: 'active' }, after: { status: 'suspended' } });
  });
});

describe('POST /api/admin/companies/:id/sync-credentials/rotate', () => {
  it('issues a new key and secret once; the old pair stops verifying', async () => {
    const c = await createViaApi();
    const res = await request(app).post(`/api/admin/companies/${c.id}/sync-credentials/rotate`).set(bearer(sa.token)).expect(200);
    const fresh = SyncCredentials.parse(res.body);
    expect(fresh.syncApiKey).not.toBe(c.syncApiKey);
    const row = await companyRow(c.id);
    expect(row.sync_api_key).toBe(fresh.syncApiKey);
    expect(await verifySecret(fresh.syncSecret, row.sync_secret_hash ?? '')).toBe(true);
    expect(await verifySecret(c.syncSecret, row.sync_secret_hash ?? '')).toBe(false);
    const byOldKey = await ctx.deps.db.selectFrom('companies').select('id').where('sync_api_key', '=', c.syncApiKey ?? '').execute();
    expect(byOldKey).toEqual([]);
    const audit = await auditRowsFor(ctx, c.id);
    const rotate = audit.find((a) => a.action === 'company.sync_credentials.rotate');
    expect(rotate).toMatchObject({ actor_id: sa.id, company_id: c.id, details: { previousSyncApiKey: c.syncApiKey, syncApiKey: fresh.syncApiKey } });
    expect(JSON.stringify(rotate?.details)).not.toContain(fresh.syncSecret);
  });
});

describe('line group through PATCH /api/admin/companies/:id', () => {
  it('assigns a bulk group via the line-groups service (its audit) and refuses a test group changing nothing', async () => {
    const [bulk, test] = await ctx.deps.db
      .insertInto('sms_line_groups')
      .values([
        { name: `대량-${uniqueCode()}`, type: 'bulk', tables: ['SMSQ_SEND_1'] },
        { name: `테스트-${uniqueCode()}`, type: 'test', tables: ['SMSQ_SEND_10'] },
      ])
      .returning('id')
      .execute();
    const c = await createViaApi();
    const refused = await request(app).patch(`/api/admin/companies/${c.id}`).set(bearer(sa.token)).send({ lineGroupId: test?.id, contactName: '안 바뀜' }).expect(400);
    expect(refused.body.error.message).toContain('대량발송(bulk) 라인그룹만');
    expect(await companyRow(c.id)).toMatchObject({ line_group_id: null, contact_name: null });

    const res = await request(app).patch(`/api/admin/companies/${c.id}`).set(bearer(sa.token)).send({ lineGroupId: bulk?.id, contactName: '바뀜' }).expect(200);
    expect(Company.parse(res.body)).toMatchObject({ lineGroupId: bulk?.id, contactName: '바뀜' });
    const actions = (await auditRowsFor(ctx, c.id)).map((a) => a.action);
    expect(actions).toEqual(['company.create', 'company.update', 'company.line_group.assign']);
  });
});
