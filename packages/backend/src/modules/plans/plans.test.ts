import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { Company, Plan, PlanList } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany } from '../../../test/factories.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { bearer, buildCompaniesApp } from '../companies/companies.test-helpers.js';

let ctx: TestContext;
let app: Express;
let sa: { token: string; id: string };
let tenant: Awaited<ReturnType<typeof createCompanyWithUsers>>;
let seq = 0;
const code = () => `PLAN_${Date.now().toString(36).toUpperCase()}_${++seq}`;
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

async function createPlan(over: Record<string, unknown> = {}): Promise<Plan> {
  const res = await request(app).post('/api/admin/plans').set(bearer(sa.token)).send({ code: code(), name: '베이직', maxCustomers: 10_000, monthlyPrice: '99000', ...over }).expect(201);
  return Plan.parse(res.body);
}
const planAudit = (id: string) =>
  ctx.deps.db.selectFrom('audit_logs').select(['action', 'actor_type', 'actor_id', 'details']).where('target_type', '=', 'plan').where('target_id', '=', id).orderBy('id').execute();
const planRow = (id: string) => ctx.deps.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();

describe('role matrix of /api/admin/plans…', () => {
  it('answers 401 without a token, 403 to marketers and company admins, and serves super admins', async () => {
    const plan = await createPlan();
    const spare = await createPlan();
    const endpoints = [
      { method: 'get', path: '/api/admin/plans', ok: 200 },
      { method: 'post', path: '/api/admin/plans', body: { code: code(), name: '권한', maxCustomers: 1 }, ok: 201 },
      { method: 'get', path: `/api/admin/plans/${plan.id}`, ok: 200 },
      { method: 'patch', path: `/api/admin/plans/${plan.id}`, body: { name: '권한 확인' }, ok: 200 },
      { method: 'delete', path: `/api/admin/plans/${spare.id}`, ok: 204 },
    ] as const;
    for (const ep of endpoints) {
      const call = (token?: string) => {
        const req = request(app)[ep.method](ep.path);
        if (token) req.set(bearer(token));
        return 'body' in ep ? req.send(ep.body) : req;
      };
      await call().expect(401);
      await call(tenant.user.token).expect(403);
      await call(tenant.admin.token).expect(403);
      await call(sa.token).expect(ep.ok);
    }
  });

  it('answers 404 for an unknown plan', async () => {
    await request(app).get(`/api/admin/plans/${MISSING}`).set(bearer(sa.token)).expect(404);
    await request(app).patch(`/api/admin/plans/${MISSING}`).set(bearer(sa.token)).send({ name: 'x' }).expect(404);
    await request(app).delete(`/api/admin/plans/${MISSING}`).set(bearer(sa.token)).expect(404);
  });
});

describe('plans', () => {
  it('creates a plan (audited) and lists it', async () => {
    const plan = await createPlan({ monthlyPrice: '49000.5' });
    expect(plan).toMatchObject({ name: '베이직', maxCustomers: 10_000, monthlyPrice: '49000.50', isActive: true, companyCount: 0 });
    expect(await planAudit(plan.id)).toEqual([expect.objectContaining({ action: 'plan.create', actor_type: 'super_admin', actor_id: sa.id })]);
    const list = PlanList.parse((await request(app).get('/api/admin/plans').set(bearer(sa.token)).expect(200)).body);
    expect(list.plans.map((p) => p.id)).toContain(plan.id);
  });

  it.each([
    ['a bad code', { code: 'basic plan' }, '요금제 코드는 영문 대문자'],
    ['zero max customers', { maxCustomers: 0 }, '최대 고객 수는 1 이상'],
    ['a negative price', { monthlyPrice: '-1' }, '월 요금은 0 이상의 숫자'],
    ['a missing name', { name: '' }, '요금제 이름을 입력해 주세요'],
  ])('refuses %s with 400 in Korean and creates nothing', async (_n, over, message) => {
    const c = code();
    const res = await request(app).post('/api/admin/plans').set(bearer(sa.token)).send({ code: c, name: '검증', maxCustomers: 5, ...over }).expect(400);
    expect(res.body.error.message).toContain(message);
    expect(await ctx.deps.db.selectFrom('plans').select('id').where('code', '=', c).execute()).toEqual([]);
  });

  it('refuses a duplicate code with 409', async () => {
    const plan = await createPlan();
    const res = await request(app).post('/api/admin/plans').set(bearer(sa.token)).send({ code: plan.code, name: '중복', maxCustomers: 5 }).expect(409);
    expect(res.body.error.message).toContain('이미 사용 중인 요금제 코드');
  });

  it('updates only what is sent and audits before/after', async () => {
    const plan = await createPlan();
    const res = await request(app).patch(`/api/admin/plans/${plan.id}`).set(bearer(sa.token)).send({ maxCustomers: 20_000, isActive: false }).expect(200);
    expect(Plan.parse(res.body)).toMatchObject({ name: '베이직', maxCustomers: 20_000, isActive: false });
    const update = (await planAudit(plan.id)).find((a) => a.action === 'plan.update');
    expect(update?.details).toMatchObject({ before: { maxCustomers: 10_000, isActive: true }, after: { maxCustomers: 20_000, isActive: false } });
  });
});

describe('plan assignment through PATCH /api/admin/companies/:id', () => {
  it('assigns an active plan (audited as company.plan_changed), counts it, and refuses to delete it', async () => {
    const plan = await createPlan();
    const company = await createCompany(ctx.deps.db);
    const res = await request(app).patch(`/api/admin/companies/${company.id}`).set(bearer(sa.token)).send({ planId: plan.id }).expect(200);
    expect(Company.parse(res.body).plan).toMatchObject({ id: plan.id, code: plan.code, name: '베이직', isActive: true });
    const audit = await ctx.deps.db.selectFrom('audit_logs').select(['details', 'actor_id']).where('company_id', '=', company.id).where('action', '=', 'company.plan_changed').execute();
    expect(audit).toEqual([{ actor_id: sa.id, details: { before: { planId: null }, after: { planId: plan.id } } }]);
    expect(Plan.parse((await request(app).get(`/api/admin/plans/${plan.id}`).set(bearer(sa.token)).expect(200)).body).companyCount).toBe(1);

    const del = await request(app).delete(`/api/admin/plans/${plan.id}`).set(bearer(sa.token)).expect(409);
    expect(del.body.error.message).toContain('비활성화');
    expect(await planRow(plan.id)).toBeDefined();

    // deactivating keeps it on the company
    await request(app).patch(`/api/admin/plans/${plan.id}`).set(bearer(sa.token)).send({ isActive: false }).expect(200);
    const after = await ctx.deps.db.selectFrom('companies').select('plan_id').where('id', '=', company.id).executeTakeFirstOrThrow();
    expect(after.plan_id).toBe(plan.id);
  });

  it('refuses an inactive plan with 409 and changes nothing', async () => {
    const plan = await createPlan({ isActive: false });
    const company = await createCompany(ctx.deps.db);
    const res = await request(app).patch(`/api/admin/companies/${company.id}`).set(bearer(sa.token)).send({ planId: plan.id, name: '바뀌면 안 됨' }).expect(409);
    expect(res.body.error.message).toContain('비활성 요금제');
    const row = await ctx.deps.db.selectFrom('companies').select(['plan_id', 'name']).where('id', '=', company.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ plan_id: null, name: company.name });
  });

  it('deletes a plan no company ever had (audited)', async () => {
    const plan = await createPlan();
    await request(app).delete(`/api/admin/plans/${plan.id}`).set(bearer(sa.token)).expect(204);
    expect(await planRow(plan.id)).toBeUndefined();
    expect((await planAudit(plan.id)).map((a) => a.action)).toEqual(['plan.create', 'plan.delete']);
  });
});
