import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { Company } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { auditRowsFor, bearer, buildCompaniesApp, unique080 } from './companies.test-helpers.js';

let ctx: TestContext;
let app: Express;
let sa: { token: string; id: string };

beforeAll(async () => {
  ctx = await createTestContext();
  app = buildCompaniesApp(ctx);
  sa = await signInSuperAdmin(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const companyRow = (id: string) => ctx.deps.db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('role matrix of /api/company', () => {
  it('admits only company admins: 401 without a token, 403 for marketers and super admins', async () => {
    const t = await createCompanyWithUsers(ctx);
    for (const call of [
      (token?: string) => (token ? request(app).get('/api/company').set(bearer(token)) : request(app).get('/api/company')),
      (token?: string) => (token ? request(app).patch('/api/company').set(bearer(token)) : request(app).patch('/api/company')).send({ contactName: '박담당' }),
    ]) {
      await call().expect(401);
      await call(t.user.token).expect(403);
      await call(sa.token).expect(403);
      await call(t.admin.token).expect(200);
    }
  });
});

describe('GET /api/company', () => {
  it('shows the admin its own company with prices and balance, never the secret hash', async () => {
    const t = await createCompanyWithUsers(ctx, { company: { balance: '1234.5', price_sms: '9.9' } });
    const res = await request(app).get('/api/company').set(bearer(t.admin.token)).expect(200);
    const company = Company.parse(res.body);
    expect(company).toMatchObject({ id: t.companyId, balance: '1234.50', priceSms: '9.90', userCount: 2 });
    expect(JSON.stringify(res.body)).not.toContain('scrypt$');
  });
});

describe('PATCH /api/company', () => {
  it('changes the non-commercial settings of the own company only, audited with the admin as actor', async () => {
    const a = await createCompanyWithUsers(ctx);
    const b = await createCompanyWithUsers(ctx);
    const bBefore = await companyRow(b.companyId);
    const number = unique080();
    const res = await request(app)
      .patch('/api/company')
      .set(bearer(a.admin.token))
      .send({ contactName: '박담당', contactPhone: '010-1234-5678', sessionTimeoutMinutes: 90, sendStartHour: 9, sendEndHour: 20, optOut080Number: number })
      .expect(200);
    expect(Company.parse(res.body)).toMatchObject({
      id: a.companyId, contactName: '박담당', contactPhone: '01012345678', sessionTimeoutMinutes: 90, sendStartHour: 9, sendEndHour: 20, optOut080Number: number,
    });
    expect(await companyRow(b.companyId)).toEqual(bBefore);
    const update = (await auditRowsFor(ctx, a.companyId)).find((r) => r.action === 'company.update');
    expect(update).toMatchObject({ actor_type: 'user', actor_id: a.admin.id, company_id: a.companyId });
    expect(update?.details).toMatchObject({ after: { contactName: '박담당', sessionTimeoutMinutes: 90 } });
  });

  it('cannot reach another company: an id in the body is refused and the other company is unchanged', async () => {
    const a = await createCompanyWithUsers(ctx);
    const b = await createCompanyWithUsers(ctx);
    const bBefore = await companyRow(b.companyId);
    await request(app).patch('/api/company').set(bearer(a.admin.token)).send({ id: b.companyId, contactName: '침입' }).expect(400);
    await request(app).get(`/api/admin/companies/${b.companyId}`).set(bearer(a.admin.token)).expect(403);
    await request(app).patch(`/api/admin/companies/${b.companyId}`).set(bearer(a.admin.token)).send({ contactName: '침입' }).expect(403);
    expect(await companyRow(b.companyId)).toEqual(bBefore);
    expect((await companyRow(a.companyId)).contact_name).toBeNull();
  });

  it.each([
    [{ priceSms: '1' }, 'SMS 단가'],
    [{ billingType: 'prepaid' }, '과금 방식'],
    [{ lineGroupId: null }, '라인그룹'],
    [{ status: 'active' }, '상태'],
    [{ planId: null }, '요금제'],
    [{ maxUsers: 100 }, '최대 사용자 수'],
    [{ contactName: '함께 보냄', priceKakao: '0', storeCodes: [] }, '카카오 단가, 매장 코드'],
  ])('refuses %j with 403 naming the field, and nothing changes', async (body, label) => {
    const t = await createCompanyWithUsers(ctx);
    const before = await companyRow(t.companyId);
    const res = await request(app).patch('/api/company').set(bearer(t.admin.token)).send(body).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.body.error.message).toContain('슈퍼관리자만 변경할 수 있습니다');
    expect(res.body.error.message).toContain(label);
    expect(await companyRow(t.companyId)).toEqual(before);
    expect(await auditRowsFor(ctx, t.companyId)).toEqual([]);
  });

  it.each([
    [{ sessionTimeoutMinutes: 3 }, '세션 유지 시간은 5분 이상'],
    [{ sendStartHour: 21 }, '발송 시작 시각은 종료 시각보다 빨라야'],
    [{ optOut080Number: '02-123-4567' }, '080 수신거부 번호는'],
    [{}, '변경할 항목을 하나 이상'],
    [{ balance: '999999' }, '알 수 없는 항목입니다: balance'],
  ])('refuses %j with 400 and a Korean message, changing nothing', async (body, message) => {
    const t = await createCompanyWithUsers(ctx);
    const before = await companyRow(t.companyId);
    const res = await request(app).patch('/api/company').set(bearer(t.admin.token)).send(body).expect(400);
    expect(res.body.error.message).toContain(message);
    expect(await companyRow(t.companyId)).toEqual(before);
  });
});
