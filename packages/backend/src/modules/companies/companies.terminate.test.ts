import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { CompanyTerminated } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { auditRowsFor, bearer, buildCompaniesApp } from './companies.test-helpers.js';

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
const usersOf = (companyId: string) => ctx.deps.db.selectFrom('users').select(['id', 'status']).where('company_id', '=', companyId).execute();
const terminate = (id: string, reason = '계약 종료') =>
  request(app).post(`/api/admin/companies/${id}/terminate`).set(bearer(sa.token)).send({ reason });

describe('POST /api/admin/companies/:id/terminate', () => {
  it('terminates softly, locks every user, ends their sessions and audits it', async () => {
    const t = await createCompanyWithUsers(ctx);
    const other = await createCompanyWithUsers(ctx);
    // a pinned instant just ahead of real time (sessions signed now stay valid)
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000);
    const realNow = ctx.deps.now;
    let body;
    try {
      ctx.deps.now = () => now;
      body = CompanyTerminated.parse((await terminate(t.companyId).expect(200)).body);
    } finally {
      ctx.deps.now = realNow;
    }
    expect(body).toMatchObject({ status: 'terminated', terminatedAt: now.toISOString(), lockedUserCount: 2, syncApiKey: null });
    expect(body.revokedSessionCount).toBeGreaterThanOrEqual(2);

    const row = await companyRow(t.companyId);
    expect(row).toMatchObject({ status: 'terminated', sync_api_key: null, sync_secret_hash: null, use_db_sync: false });
    expect(row.terminated_at?.toISOString()).toBe(now.toISOString());
    expect((await usersOf(t.companyId)).map((u) => u.status)).toEqual(['locked', 'locked']);
    const sessions = await ctx.deps.db.selectFrom('user_sessions').select(['revoked_reason']).where('company_id', '=', t.companyId).execute();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((s) => s.revoked_reason === 'admin')).toBe(true);

    // their tokens are dead: the admin's on this router, the marketer's on the full app
    await request(app).get('/api/company').set(bearer(t.admin.token)).expect(401);
    await request(ctx.app).get('/api/auth/me').set(bearer(t.user.token)).expect(401);
    // another company is untouched
    await request(app).get('/api/company').set(bearer(other.admin.token)).expect(200);
    expect((await usersOf(other.companyId)).every((u) => u.status === 'active')).toBe(true);

    const audit = (await auditRowsFor(ctx, t.companyId)).find((a) => a.action === 'company.terminate');
    expect(audit).toMatchObject({ actor_type: 'super_admin', actor_id: sa.id, company_id: t.companyId, target_type: 'company' });
    expect(audit?.details).toMatchObject({ reason: '계약 종료', previousStatus: 'active' });
    expect((audit?.details as { lockedUserIds: string[] }).lockedUserIds).toHaveLength(2);
  });

  it('refuses a second termination and any later change with 409', async () => {
    const t = await createCompanyWithUsers(ctx);
    await terminate(t.companyId).expect(200);
    const again = await terminate(t.companyId).expect(409);
    expect(again.body.error.message).toContain('이미 해지된');
    await request(app).patch(`/api/admin/companies/${t.companyId}`).set(bearer(sa.token)).send({ name: '부활' }).expect(409);
    await request(app).post(`/api/admin/companies/${t.companyId}/sync-credentials/rotate`).set(bearer(sa.token)).expect(409);
  });

  it('requires a reason (400, Korean) and changes nothing', async () => {
    const t = await createCompanyWithUsers(ctx);
    const res = await terminate(t.companyId, '').expect(400);
    expect(res.body.error.message).toContain('해지 사유');
    expect((await companyRow(t.companyId)).status).toBe('active');
  });

  it('is refused with 409 while the company has scheduled or sending campaigns, and nothing changes', async () => {
    const t = await createCompanyWithUsers(ctx);
    const done = await createCompanyWithUsers(ctx);
    const campaign = (companyId: string, status: string) =>
      sql`INSERT INTO campaigns (company_id, name, msg_type, body, callback_mode, callback_number, status)
          VALUES (${companyId}, '테스트', 'SMS', '안내', 'fixed', '0212345678', ${status})`.execute(ctx.deps.db);
    for (const status of ['scheduled', 'sending', 'completed']) await campaign(t.companyId, status);
    for (const status of ['completed', 'cancelled']) await campaign(done.companyId, status);

    const res = await terminate(t.companyId).expect(409);
    expect(res.body.error.message).toContain('캠페인이 2건');
    expect((await companyRow(t.companyId)).status).toBe('active');
    expect((await usersOf(t.companyId)).every((u) => u.status === 'active')).toBe(true);
    await request(app).get('/api/company').set(bearer(t.admin.token)).expect(200);
    expect((await auditRowsFor(ctx, t.companyId)).filter((a) => a.action === 'company.terminate')).toEqual([]);

    // finished and cancelled campaigns do not block
    await terminate(done.companyId).expect(200);
  });
});
