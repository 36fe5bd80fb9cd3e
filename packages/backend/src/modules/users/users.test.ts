import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { CreateUserResponse, ResetPasswordResponse, SessionResponse, User, UserList } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { createCompanyWithUsers, signInSuperAdmin, signInUser } from '../../../test/auth-helpers.js';
import { verifyPassword } from '../../security/passwords.js';
import { addAuthLineGroup, auditRows, authTableRows, moduleApp } from './users.test-helpers.js';

let ctx: TestContext;
let app: Express;
let superAdmin: { token: string; id: string };
let ipSeq = 0;
/** Each login comes from its own address so the per-IP lockout never links tests. */
const nextIp = () => `10.7.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
let seq = 0;
const loginId = (prefix = 'u') => `${prefix}-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  await addAuthLineGroup(ctx);
  app = moduleApp(ctx);
  superAdmin = await signInSuperAdmin(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const userRow = (id: string) => ctx.deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const me = (token: string) => request(ctx.app).get('/api/auth/me').set(bearer(token));
const login = (id: string, password: string, surface = 'service') =>
  request(ctx.app).post('/api/auth/login').set('X-Forwarded-For', nextIp()).send({ loginId: id, password, surface });

describe('who may call the user endpoints', () => {
  it('admits exactly super admins on /api/admin and company admins on /api/company, changing nothing otherwise', async () => {
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    const target = await createUser(ctx.deps.db, companyId);
    const adminBase = `/api/admin/companies/${companyId}/users`;
    const endpoints: Array<['get' | 'post' | 'patch' | 'delete', string, string]> = [
      ['get', adminBase, 'admin'],
      ['post', adminBase, 'admin'],
      ['get', `${adminBase}/${target.id}`, 'admin'],
      ['patch', `${adminBase}/${target.id}`, 'admin'],
      ['delete', `${adminBase}/${target.id}`, 'admin'],
      ['post', `${adminBase}/${target.id}/reset-password`, 'admin'],
      ['get', '/api/company/users', 'company'],
      ['post', '/api/company/users', 'company'],
      ['get', `/api/company/users/${target.id}`, 'company'],
      ['patch', `/api/company/users/${target.id}`, 'company'],
      ['delete', `/api/company/users/${target.id}`, 'company'],
      ['post', `/api/company/users/${target.id}/reset-password`, 'company'],
    ];
    const body = { loginId: loginId(), name: '무단', password: 'Abcdefg123', status: 'locked' };
    for (const [method, path, surface] of endpoints) {
      await request(app)[method](path).send(body).expect(401);
      await request(app)[method](path).set(bearer(user.token)).send(body).expect(403);
      const wrongAdmin = surface === 'admin' ? admin.token : superAdmin.token;
      await request(app)[method](path).set(bearer(wrongAdmin)).send(body).expect(403);
    }
    const after = await userRow(target.id);
    expect(after).toMatchObject({ status: 'active', login_id: target.login_id, password_hash: target.password_hash, deleted_at: null });
    const count = await ctx.deps.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
    // and the right role gets in
    await request(app).get(adminBase).set(bearer(superAdmin.token)).expect(200);
    await request(app).get('/api/company/users').set(bearer(admin.token)).expect(200);
  });

  it("answers 404 for another company's user and leaves it unchanged", async () => {
    const a = await createCompanyWithUsers(ctx);
    const b = await createCompanyWithUsers(ctx);
    const victim = b.user.id;
    const before = await userRow(victim);
    const asAdminA = (r: request.Test) => r.set(bearer(a.admin.token));
    await asAdminA(request(app).get(`/api/company/users/${victim}`)).expect(404);
    await asAdminA(request(app).patch(`/api/company/users/${victim}`)).send({ name: '탈취', status: 'locked' }).expect(404);
    await asAdminA(request(app).delete(`/api/company/users/${victim}`)).expect(404);
    await asAdminA(request(app).post(`/api/company/users/${victim}/reset-password`)).expect(404);
    // a super admin naming company A with B's user id
    const wrongPath = `/api/admin/companies/${a.companyId}/users/${victim}`;
    await request(app).patch(wrongPath).set(bearer(superAdmin.token)).send({ name: '탈취' }).expect(404);
    await request(app).post(`${wrongPath}/reset-password`).set(bearer(superAdmin.token)).expect(404);
    await request(app).delete(wrongPath).set(bearer(superAdmin.token)).expect(404);
    expect(await userRow(victim)).toEqual(before);
    await me(b.user.token).expect(200);
    // an unknown company
    await request(app).get(`/api/admin/companies/${crypto.randomUUID()}/users`).set(bearer(superAdmin.token)).expect(404);
  });
});

describe('creating users', () => {
  it('creates a user with the given password, stored as bcrypt, and audits it', async () => {
    const company = await createCompany(ctx.deps.db, { store_codes: ['S01', 'S02', 'S03'] });
    const id = loginId('kim');
    const res = await request(app)
      .post(`/api/admin/companies/${company.id}/users`)
      .set(bearer(superAdmin.token))
      .send({ loginId: id, name: '김마케터', email: 'kim@example.com', phone: '+82 10-2345-6789', password: 'Marketing2026', storeCodes: ['S01', 'S02', 'S01'] })
      .expect(201);
    const { user, temporaryPassword } = CreateUserResponse.parse(res.body);
    expect(temporaryPassword).toBeNull();
    expect(user).toMatchObject({ loginId: id, name: '김마케터', phone: '01023456789', userType: 'user', status: 'active', storeCodes: ['S01', 'S02'], mustChangePassword: true });
    const row = await userRow(user.id);
    expect(row.password_hash).toMatch(/^\$2[aby]\$/);
    expect(await verifyPassword('Marketing2026', row.password_hash)).toBe(true);
    const [audit] = await auditRows(ctx, 'user.create', user.id);
    expect(audit).toMatchObject({ company_id: company.id, actor_type: 'super_admin', actor_id: superAdmin.id, target_type: 'user' });
    expect(JSON.stringify(audit?.details)).not.toContain('Marketing2026');
    expect(audit?.details).toMatchObject({ loginId: id, phone: '010-****-6789' });
  });

  it('generates a temporary password when none is given; it signs in and must be changed', async () => {
    const { admin, companyId } = await createCompanyWithUsers(ctx);
    const id = loginId('temp');
    const res = await request(app).post('/api/company/users').set(bearer(admin.token)).send({ loginId: id, name: '임시', mustChangePassword: false }).expect(201);
    const { user, temporaryPassword } = CreateUserResponse.parse(res.body);
    expect(user.companyId).toBe(companyId);
    expect(temporaryPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);
    expect(temporaryPassword).toMatch(/[0-9]/);
    expect(user.mustChangePassword).toBe(true);
    const session = SessionResponse.parse((await login(id, temporaryPassword as string).expect(200)).body);
    expect(session.user.mustChangePassword).toBe(true);
  });

  it('refuses a login id in use (any case) with 409 and a malformed one with 400', async () => {
    const { companyId } = await createCompanyWithUsers(ctx);
    const other = await createCompany(ctx.deps.db);
    const existing = await createUser(ctx.deps.db, other.id, { login_id: loginId('Dup') });
    const base = `/api/admin/companies/${companyId}/users`;
    for (const id of [existing.login_id, existing.login_id.toUpperCase()]) {
      const res = await request(app).post(base).set(bearer(superAdmin.token)).send({ loginId: id, name: '중복', password: 'Abcdefg123' }).expect(409);
      expect(res.body.error.message).toBe('이미 사용 중인 아이디입니다.');
    }
    for (const bad of ['ab', '한글아이디', 'has space', 'x'.repeat(41), 'deleted-abc']) {
      const res = await request(app).post(base).set(bearer(superAdmin.token)).send({ loginId: bad, name: '잘못', password: 'Abcdefg123' }).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('validates phone (mobile only), password and store codes with Korean messages, writing nothing', async () => {
    const company = await createCompany(ctx.deps.db, { store_codes: ['S01'] });
    const base = `/api/admin/companies/${company.id}/users`;
    const post = (over: Record<string, unknown>) =>
      request(app).post(base).set(bearer(superAdmin.token)).send({ loginId: loginId(), name: '검증', password: 'Abcdefg123', ...over });
    expect((await post({ phone: '02-123-4567' }).expect(400)).body.error.message).toContain('휴대폰 번호 형식이 올바르지 않습니다');
    expect((await post({ password: 'onlyletters' }).expect(400)).body.error.message).toContain('영문과 숫자');
    expect((await post({ password: 'Ab1' }).expect(400)).body.error.message).toContain('8자 이상');
    expect((await post({ password: `${'가'.repeat(30)}a1` }).expect(400)).body.error.message).toContain('바이트');
    expect((await post({ storeCodes: ['S01', 'S99'] }).expect(400)).body.error.message).toContain('S99');
    expect((await post({ email: 'not-an-email' }).expect(400)).body.error.message).toContain('이메일');
    const count = await ctx.deps.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('enforces max_users (admins count, deleted users do not) with a Korean 409 giving the limit', async () => {
    const { companyId, admin } = await createCompanyWithUsers(ctx, { company: { max_users: 3 } });
    const post = () => request(app).post('/api/company/users').set(bearer(admin.token)).send({ loginId: loginId(), name: '추가' });
    const third = CreateUserResponse.parse((await post().expect(201)).body);
    const full = await post().expect(409);
    expect(full.body.error.message).toContain('3명');
    expect(full.body.error.details).toEqual({ maxUsers: 3, userCount: 3 });
    await request(app).post(`/api/admin/companies/${companyId}/users`).set(bearer(superAdmin.token)).send({ loginId: loginId(), name: '슈퍼도', password: 'Abcdefg123' }).expect(409);
    await request(app).delete(`/api/company/users/${third.user.id}`).set(bearer(admin.token)).expect(204);
    await post().expect(201);
  });

  it('lets only one of several simultaneous creations take the last seat', async () => {
    const { admin, companyId } = await createCompanyWithUsers(ctx, { company: { max_users: 3 } });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => request(app).post('/api/company/users').set(bearer(admin.token)).send({ loginId: loginId(), name: '동시' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const count = await ctx.deps.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });
});

describe('company admins manage users of type user only', () => {
  it('cannot create, change, delete or reset admins (themselves included), nor promote a user', async () => {
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    const otherAdmin = await signInUser(ctx, companyId, 'admin');
    const create = await request(app).post('/api/company/users').set(bearer(admin.token)).send({ loginId: loginId(), name: '관리자', userType: 'admin' }).expect(403);
    expect(create.body.error.message).toContain('일반 사용자만');
    for (const target of [otherAdmin.id, admin.id]) {
      await request(app).patch(`/api/company/users/${target}`).set(bearer(admin.token)).send({ status: 'locked' }).expect(403);
      await request(app).delete(`/api/company/users/${target}`).set(bearer(admin.token)).expect(403);
      await request(app).post(`/api/company/users/${target}/reset-password`).set(bearer(admin.token)).expect(403);
    }
    await request(app).patch(`/api/company/users/${user.id}`).set(bearer(admin.token)).send({ userType: 'admin' }).expect(403);
    expect((await userRow(otherAdmin.id)).status).toBe('active');
    expect((await userRow(user.id)).user_type).toBe('user');
    await me(otherAdmin.token).expect(200);
    // reading them is fine
    const list = UserList.parse((await request(app).get('/api/company/users').set(bearer(admin.token)).expect(200)).body);
    expect(list.users.map((u) => u.id).sort()).toEqual([admin.id, otherAdmin.id, user.id].sort());
  });

  it('a super admin may make a user an admin, which ends the sessions the old role was cached in', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const res = await request(app).patch(`/api/admin/companies/${companyId}/users/${user.id}`).set(bearer(superAdmin.token)).send({ userType: 'admin' }).expect(200);
    expect(User.parse(res.body).userType).toBe('admin');
    await me(user.token).expect(401);
  });
});

describe('updating and deleting', () => {
  it('locking a user ends its sessions and is audited; a name change does not sign out', async () => {
    const { admin, user } = await createCompanyWithUsers(ctx);
    const renamed = await request(app).patch(`/api/company/users/${user.id}`).set(bearer(admin.token)).send({ name: '새이름', phone: '010.9999.0000', email: '' }).expect(200);
    expect(User.parse(renamed.body)).toMatchObject({ name: '새이름', phone: '01099990000', email: null });
    await me(user.token).expect(200);
    const locked = await request(app).patch(`/api/company/users/${user.id}`).set(bearer(admin.token)).send({ status: 'locked' }).expect(200);
    expect(User.parse(locked.body).status).toBe('locked');
    await me(user.token).expect(401);
    const row = await userRow(user.id);
    await login(row.login_id, TEST_PASSWORD).expect(403);
    const audits = await auditRows(ctx, 'user.update', user.id);
    expect(audits).toHaveLength(2);
    expect(audits[1]?.details).toMatchObject({ before: { status: 'active' }, after: { status: 'locked' } });
  });

  it('refuses an empty update and unknown store codes', async () => {
    const { admin, user } = await createCompanyWithUsers(ctx);
    await request(app).patch(`/api/company/users/${user.id}`).set(bearer(admin.token)).send({}).expect(400);
    await request(app).patch(`/api/company/users/${user.id}`).set(bearer(admin.token)).send({ storeCodes: ['NOPE'] }).expect(400);
    await request(app).patch('/api/company/users/not-a-uuid').set(bearer(admin.token)).send({ name: 'x' }).expect(400);
  });

  it('deletes softly: gone from lists, sessions ended, login id free again, contact details removed', async () => {
    const { admin, user, companyId } = await createCompanyWithUsers(ctx);
    const oldLoginId = user.loginId;
    await request(app).delete(`/api/company/users/${user.id}`).set(bearer(admin.token)).expect(204);
    await request(app).get(`/api/company/users/${user.id}`).set(bearer(admin.token)).expect(404);
    await request(app).delete(`/api/company/users/${user.id}`).set(bearer(admin.token)).expect(404);
    await me(user.token).expect(401);
    const row = await userRow(user.id);
    expect(row).toMatchObject({ status: 'dormant', phone: null, email: null, login_id: `deleted-${user.id.replace(/-/g, '')}` });
    expect(row.deleted_at).toBeInstanceOf(Date);
    const list = UserList.parse((await request(app).get('/api/company/users').set(bearer(admin.token)).expect(200)).body);
    expect(list.users.map((u) => u.id)).not.toContain(user.id);
    await login(oldLoginId, TEST_PASSWORD).expect(401);
    await request(app).post(`/api/admin/companies/${companyId}/users`).set(bearer(superAdmin.token)).send({ loginId: oldLoginId, name: '재사용', password: 'Abcdefg123' }).expect(201);
    const [audit] = await auditRows(ctx, 'user.delete', user.id);
    expect(audit).toMatchObject({ company_id: companyId, actor_type: 'user', actor_id: admin.id, details: { loginId: oldLoginId } });
  });
});

describe('listing', () => {
  it('searches by name or login id, filters by status and type, and pages', async () => {
    const { admin, companyId } = await createCompanyWithUsers(ctx, { company: { max_users: 20 } });
    const tag = `q${Math.random().toString(36).slice(2, 7)}`;
    for (let i = 0; i < 5; i++) await createUser(ctx.deps.db, companyId, { login_id: `${tag}-${i}`, name: `검색대상${i}`, status: i === 0 ? 'locked' : 'active' });
    await createUser(ctx.deps.db, companyId, { name: `홍길동_${tag}` });
    const get = (query: Record<string, string | number>) =>
      request(app).get('/api/company/users').query(query).set(bearer(admin.token)).expect(200).then((r) => UserList.parse(r.body));
    const page1 = await get({ q: tag, pageSize: 2, page: 1 });
    expect(page1).toMatchObject({ total: 6, page: 1, pageSize: 2, maxUsers: 20, userCount: 8 });
    expect(page1.users).toHaveLength(2);
    const page4 = await get({ q: tag, pageSize: 2, page: 4 });
    expect(page4.users).toHaveLength(0);
    expect((await get({ q: '홍길동' })).users.map((u) => u.name)).toEqual([`홍길동_${tag}`]);
    expect((await get({ q: tag, status: 'locked' })).users.map((u) => u.loginId)).toEqual([`${tag}-0`]);
    expect((await get({ userType: 'admin' })).users.map((u) => u.id)).toEqual([admin.id]);
    // LIKE wildcards are literal
    expect((await get({ q: '%' })).total).toBe(0);
    await request(app).get('/api/company/users').query({ pageSize: 500 }).set(bearer(admin.token)).expect(400);
  });
});

describe('POST …/reset-password', () => {
  it('issues a temporary password once, ends sessions, requires a change, and texts it on the auth line', async () => {
    const { admin, companyId } = await createCompanyWithUsers(ctx);
    const phone = `0108${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const target = await signInUser(ctx, companyId, 'user');
    await ctx.deps.db.updateTable('users').set({ phone }).where('id', '=', target.id).execute();
    const oldHash = (await userRow(target.id)).password_hash;

    const res = await request(app).post(`/api/company/users/${target.id}/reset-password`).set(bearer(admin.token)).send({}).expect(200);
    const body = ResetPasswordResponse.parse(res.body);
    expect(body).toMatchObject({ mustChangePassword: true, smsSent: true, smsError: null, revokedSessions: 1 });
    expect(body.smsTo).toBe(`010-****-${phone.slice(-4)}`);
    expect(body.temporaryPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);

    const row = await userRow(target.id);
    expect(row.must_change_password).toBe(true);
    expect(row.password_hash).not.toBe(oldHash);
    expect(row.password_hash).toMatch(/^\$2[aby]\$/);
    expect(await verifyPassword(body.temporaryPassword, row.password_hash)).toBe(true);

    const old = await me(target.token).expect(401);
    expect(old.body.error.message).toContain('비밀번호가 변경');
    await login(target.loginId, TEST_PASSWORD).expect(401);
    const session = SessionResponse.parse((await login(target.loginId, body.temporaryPassword).expect(200)).body);
    expect(session.user.mustChangePassword).toBe(true);

    const sms = await authTableRows(ctx, phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.msg_contents).toContain(body.temporaryPassword);
    expect(sms[0]?.app_etc1).toBe(`pwreset:${target.id}`);

    const [audit] = await auditRows(ctx, 'user.password_reset', target.id);
    expect(audit).toMatchObject({ company_id: companyId, actor_id: admin.id, details: { sendSms: true } });
    expect(JSON.stringify(audit?.details)).not.toContain(body.temporaryPassword);
  });

  it('says so when nothing was texted (no phone, or not requested)', async () => {
    const { companyId } = await createCompanyWithUsers(ctx);
    const noPhone = await createUser(ctx.deps.db, companyId, { phone: null });
    const path = `/api/admin/companies/${companyId}/users/${noPhone.id}/reset-password`;
    const res = ResetPasswordResponse.parse((await request(app).post(path).set(bearer(superAdmin.token)).expect(200)).body);
    expect(res).toMatchObject({ smsSent: false, smsTo: null, revokedSessions: 0 });
    expect(res.smsError).toContain('휴대폰 번호가 없어');

    const phone = `0107${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const withPhone = await createUser(ctx.deps.db, companyId, { phone });
    const quiet = ResetPasswordResponse.parse(
      (await request(app).post(`/api/admin/companies/${companyId}/users/${withPhone.id}/reset-password`).set(bearer(superAdmin.token)).send({ sendSms: false }).expect(200)).body,
    );
    expect(quiet.smsSent).toBe(false);
    expect(await authTableRows(ctx, phone)).toHaveLength(0);
  });
});
