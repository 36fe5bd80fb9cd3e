import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import express from 'express';
import mysql from 'mysql2/promise';
import { LoginResponse, MeResponse, SessionResponse, TwoFactorChallengeResponse } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany, createSuperAdmin, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { authenticate } from '../../http/authenticate.js';
import { errorHandler } from '../../http/error-handler.js';

let ctx: TestContext;
let ipSeq = 0;
/** Each test signs in from its own address so lockouts of one test never touch another. */
const nextIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db
    .insertInto('sms_line_groups')
    .values([
      { name: '인증', type: 'auth', tables: ['SMSQ_SEND_11'] },
      { name: '테스트', type: 'test', tables: ['SMSQ_SEND_10'] },
    ])
    .execute();
});
afterAll(async () => {
  await ctx?.close();
});

function login(body: Record<string, unknown>, ip = nextIp()) {
  return request(ctx.app).post('/api/auth/login').set('X-Forwarded-For', ip).send(body);
}

async function companyUser(type: 'admin' | 'user', company?: { session_timeout_minutes?: number; status?: 'active' | 'suspended' }) {
  const c = await createCompany(ctx.deps.db, company);
  const u = await createUser(ctx.deps.db, c.id, { user_type: type });
  return { company: c, user: u };
}

async function authRows(): Promise<Array<{ dest_no: string; msg_contents: string; app_etc1: string }>> {
  const conn = await mysql.createConnection({ uri: ctx.config.mysqlUrl });
  try {
    const [rows] = await conn.query('SELECT dest_no, msg_contents, app_etc1 FROM SMSQ_SEND_11 ORDER BY seqno');
    return rows as Array<{ dest_no: string; msg_contents: string; app_etc1: string }>;
  } finally {
    await conn.end();
  }
}

describe('POST /api/auth/login on the service and company-admin surfaces', () => {
  it('signs a marketer in and /me describes the session', async () => {
    const { user, company } = await companyUser('user', { session_timeout_minutes: 45 });
    const res = await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }).expect(200);
    const body = SessionResponse.parse(res.body);
    expect(body.user).toMatchObject({ id: user.id, role: 'company_user', companyId: company.id, companyName: company.name });
    expect(body.sessionTimeoutMinutes).toBe(45);
    const me = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${body.token}`).expect(200);
    expect(MeResponse.parse(me.body)).toMatchObject({ surface: 'service', user: { loginId: user.login_id } });
  });

  it('answers the same 401 for an unknown id and a wrong password', async () => {
    const { user } = await companyUser('user');
    const wrong = await login({ loginId: user.login_id, password: 'nope-nope-1', surface: 'service' }).expect(401);
    const unknown = await login({ loginId: 'nobody-here', password: 'nope-nope-1', surface: 'service' }).expect(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('refuses a marketer on the company-admin surface with 403 wrong_surface, admins pass', async () => {
    const { user } = await companyUser('user');
    const res = await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'company-admin' }).expect(403);
    expect(res.body.error.code).toBe('wrong_surface');
    const admin = await companyUser('admin');
    await login({ loginId: admin.user.login_id, password: TEST_PASSWORD, surface: 'company-admin' }).expect(200);
  });

  it('does not let a super admin in through the service surface', async () => {
    const sa = await createSuperAdmin(ctx.deps.db);
    await login({ loginId: sa.login_id, password: TEST_PASSWORD, surface: 'service' }).expect(401);
  });

  it('refuses users of a suspended company', async () => {
    const { user } = await companyUser('user', { status: 'suspended' });
    const res = await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }).expect(403);
    expect(res.body.error.message).toContain('정지');
  });

  it('survives a malformed forwarded address (never a 500; the audit row stores no address)', async () => {
    const { user, company } = await companyUser('user');
    await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }, '10.9.9.32448').expect(200);
    await login({ loginId: user.login_id, password: 'wrong-pass-1', surface: 'service' }, 'not-an-ip').expect(401);
    const audits = await ctx.deps.db.selectFrom('audit_logs').select(['action', 'ip']).where('company_id', '=', company.id).execute();
    expect(audits.map((a) => [a.action, a.ip])).toEqual(expect.arrayContaining([['auth.login', null], ['auth.login_failed', null]]));
  });

  it('validates the body with Korean messages', async () => {
    const res = await login({ loginId: '', password: '', surface: 'elsewhere' }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('아이디를 입력해 주세요');
  });

  it('stores passwords as bcrypt hashes', async () => {
    const { user } = await companyUser('user');
    expect(user.password_hash).toMatch(/^\$2[aby]\$\d{2}\$/);
    expect(user.password_hash).not.toContain(TEST_PASSWORD);
  });
});

describe('sessions', () => {
  it('a second login on the same surface revokes the first with session_replaced', async () => {
    const { user } = await companyUser('admin');
    const creds = { loginId: user.login_id, password: TEST_PASSWORD };
    const first = SessionResponse.parse((await login({ ...creds, surface: 'service' }).expect(200)).body);
    const other = SessionResponse.parse((await login({ ...creds, surface: 'company-admin' }).expect(200)).body);
    const second = SessionResponse.parse((await login({ ...creds, surface: 'service' }).expect(200)).body);
    const old = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${first.token}`).expect(401);
    expect(old.body.error.code).toBe('session_replaced');
    await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${second.token}`).expect(200);
    // another surface keeps its own session
    await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${other.token}`).expect(200);
  });

  it('expires a session idle longer than the company timeout (clock injected), and activity slides it', async () => {
    const { user } = await companyUser('user', { session_timeout_minutes: 5 });
    const { token } = SessionResponse.parse((await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' })).body);
    const realNow = ctx.deps.now;
    const t0 = Date.now();
    try {
      ctx.deps.now = () => new Date(t0 + 4 * 60_000);
      await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      ctx.deps.now = () => new Date(t0 + 8 * 60_000);
      const ext = await request(ctx.app).post('/api/auth/extend-session').set('Authorization', `Bearer ${token}`).expect(200);
      expect(new Date(ext.body.idleExpiresAt).getTime()).toBe(t0 + 13 * 60_000);
      ctx.deps.now = () => new Date(t0 + 13 * 60_000 + 1000);
      const res = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body.error.code).toBe('session_expired');
      const row = await ctx.deps.db.selectFrom('user_sessions').select('revoked_reason').where('user_id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.revoked_reason).toBe('expired');
    } finally {
      ctx.deps.now = realNow;
    }
  });

  it('logout revokes the session', async () => {
    const { user } = await companyUser('user');
    const { token } = SessionResponse.parse((await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' })).body);
    await request(ctx.app).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('falls back to PostgreSQL when the Redis copy is gone, and still refuses revoked sessions', async () => {
    const { user } = await companyUser('user');
    const creds = { loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' };
    const first = SessionResponse.parse((await login(creds)).body);
    const keys = await ctx.deps.redis.keys(`${ctx.config.redisPrefix}:session:*`);
    await ctx.deps.redis.del(...keys);
    await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${first.token}`).expect(200);
    await login(creds).expect(200);
    await ctx.deps.redis.del(...(await ctx.deps.redis.keys(`${ctx.config.redisPrefix}:session:*`)));
    const res = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${first.token}`).expect(401);
    expect(res.body.error.code).toBe('session_replaced');
  });

  it('rejects forged and missing tokens', async () => {
    await request(ctx.app).get('/api/auth/me').expect(401);
    await request(ctx.app).get('/api/auth/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x').expect(401);
  });
});

describe('lockout', () => {
  it('locks an account after 5 failures in 10 minutes with 429 and the wait time, even for the right password', async () => {
    const { user, company } = await companyUser('user');
    for (let i = 0; i < 5; i++) await login({ loginId: user.login_id, password: 'wrong-pass-1', surface: 'service' }).expect(401);
    const res = await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }).expect(429);
    expect(res.body.error.code).toBe('too_many_requests');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(500);
    expect(res.body.error.message).toMatch(/\d+분 후에 다시 시도/);
    const audits = await ctx.deps.db.selectFrom('audit_logs').select('action').where('company_id', '=', company.id).execute();
    expect(audits.filter((a) => a.action === 'auth.login_failed')).toHaveLength(5);
    expect(audits.filter((a) => a.action === 'auth.locked_out')).toHaveLength(1);
  });

  it('locks an address after 5 failures across different accounts', async () => {
    const ip = nextIp();
    for (let i = 0; i < 5; i++) await login({ loginId: `ghost-${i}`, password: 'wrong-pass-1', surface: 'service' }, ip).expect(401);
    const { user } = await companyUser('user');
    await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }, ip).expect(429);
    await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }).expect(200);
  });
});

describe('super-admin second factor', () => {
  async function startChallenge() {
    const sa = await createSuperAdmin(ctx.deps.db, { phone: '01090017777' });
    const res = await login({ loginId: sa.login_id, password: TEST_PASSWORD, surface: 'super-admin' }).expect(200);
    const body = TwoFactorChallengeResponse.parse(LoginResponse.parse(res.body));
    const row = (await authRows()).find((r) => r.app_etc1 === `2fa:${body.challengeId}`);
    expect(row, 'a queue row on the auth line').toBeDefined();
    const code = /\[(\d{6})\]/.exec(row!.msg_contents)![1]!;
    return { sa, body, code, row: row! };
  }

  it('sends a 6-digit code as a row on the auth table and opens a session with it', async () => {
    const { sa, body, code, row } = await startChallenge();
    expect(row.dest_no).toBe('01090017777');
    expect(body.sentTo).toBe('010-****-7777');
    const res = await request(ctx.app).post('/api/auth/2fa/verify').send({ challengeId: body.challengeId, code }).expect(200);
    const session = SessionResponse.parse(res.body);
    expect(session.user).toMatchObject({ id: sa.id, role: 'super_admin' });
    const me = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${session.token}`).expect(200);
    expect(me.body.surface).toBe('super-admin');
    // a used challenge cannot be replayed
    await request(ctx.app).post('/api/auth/2fa/verify').send({ challengeId: body.challengeId, code }).expect(401);
  });

  it('kills the challenge after 5 wrong codes; the right code no longer works', async () => {
    const { body, code } = await startChallenge();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const res = await request(ctx.app).post('/api/auth/2fa/verify').send({ challengeId: body.challengeId, code: wrong }).expect(401);
      expect(res.body.error.code).toBe('two_factor_failed');
    }
    await request(ctx.app).post('/api/auth/2fa/verify').send({ challengeId: body.challengeId, code }).expect(401);
  });

  it('never writes the code to a campaign or test table', async () => {
    await startChallenge();
    const conn = await mysql.createConnection({ uri: ctx.config.mysqlUrl });
    try {
      for (const t of ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_10']) {
        const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM ${t}`);
        expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(0);
      }
    } finally {
      await conn.end();
    }
  });
});

describe('passwords', () => {
  it('changes the password with the old one, ends other sessions, keeps this one', async () => {
    const { user } = await companyUser('admin');
    const creds = { loginId: user.login_id, password: TEST_PASSWORD };
    const other = SessionResponse.parse((await login({ ...creds, surface: 'company-admin' })).body);
    const mine = SessionResponse.parse((await login({ ...creds, surface: 'service' })).body);
    const auth = { Authorization: `Bearer ${mine.token}` };
    const bad = await request(ctx.app).post('/api/auth/change-password').set(auth).send({ oldPassword: 'wrong', newPassword: 'NewPassw0rd' }).expect(400);
    expect(bad.body.error.message).toContain('현재 비밀번호');
    await request(ctx.app).post('/api/auth/change-password').set(auth).send({ oldPassword: TEST_PASSWORD, newPassword: 'short' }).expect(400);
    await request(ctx.app).post('/api/auth/change-password').set(auth).send({ oldPassword: TEST_PASSWORD, newPassword: 'NewPassw0rd' }).expect(204);
    await request(ctx.app).get('/api/auth/me').set(auth).expect(200);
    await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${other.token}`).expect(401);
    await login({ loginId: user.login_id, password: 'NewPassw0rd', surface: 'service' }).expect(200);
  });

  it('holds a user with must_change_password to the auth endpoints until the change', async () => {
    const c = await createCompany(ctx.deps.db);
    const user = await createUser(ctx.deps.db, c.id, { must_change_password: true });
    const res = await login({ loginId: user.login_id, password: TEST_PASSWORD, surface: 'service' }).expect(200);
    const session = SessionResponse.parse(res.body);
    expect(session.user.mustChangePassword).toBe(true);
    const guarded = express().get('/x', authenticate(ctx.deps), (_req, r) => void r.json({ ok: true })).use(errorHandler);
    const auth = { Authorization: `Bearer ${session.token}` };
    const blocked = await request(guarded).get('/x').set(auth).expect(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    await request(ctx.app).get('/api/auth/me').set(auth).expect(200);
    await request(ctx.app).post('/api/auth/change-password').set(auth).send({ oldPassword: TEST_PASSWORD, newPassword: 'Changed123' }).expect(204);
    await request(guarded).get('/x').set(auth).expect(200);
  });
});
