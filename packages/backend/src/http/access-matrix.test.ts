import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Role } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../test/context.js';
import { signInSuperAdmin, signInUser } from '../../test/auth-helpers.js';
import { createCompany } from '../../test/factories.js';

/**
 * The role × endpoint matrix, over every endpoint the OpenAPI document lists. The rule is the path
 * convention: /api/admin/* super admins only; /api/company* company admins only; /api/auth/* any
 * signed-in user; other /api/* company users (marketers and company admins). Each endpoint must
 * admit exactly those roles, and a random object id must never answer 2xx. Machine endpoints (below)
 * take their own credential instead of a session and are checked separately.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const PUBLIC = new Set(['/health', '/version', '/api/openapi.json', '/api/auth/login', '/api/auth/2fa/verify']);

/** Narrower than the path convention, on purpose (each listed here with its reason). */
const EXCEPTIONS: Record<string, Role[]> = {
  // wiping the whole customer DB is for company admins only
  'post /api/customers/delete-all': ['company_admin'],
};

/**
 * Machine endpoints: a credential of their own (the security scheme the document names), never a
 * session. `/api/sync/*` (the Sync Agent's API key) has its own tests.
 */
const MACHINE: Record<string, string> = {
  // Narae's 080 ARS callback: `token` query parameter + source-address allowlist
  'get /api/unsubscribes/080callback': 'Narae080Token',
  // the spam-test phones' app
  'post /api/spam-filter/devices': 'SpamAppToken',
  'post /api/spam-filter/report': 'SpamAppToken',
};

function allowedRoles(method: Method, path: string): Role[] {
  const exception = EXCEPTIONS[`${method} ${path}`];
  if (exception) return exception;
  if (path.startsWith('/api/admin/')) return ['super_admin'];
  if (path === '/api/company' || path.startsWith('/api/company/')) return ['company_admin'];
  if (path.startsWith('/api/auth/')) return ['super_admin', 'company_admin', 'company_user'];
  return ['company_admin', 'company_user'];
}

type Operation = { security?: Array<Record<string, string[]>> };

let ctx: TestContext;
let documented: Array<{ method: Method; path: string; schemes: string[] }>;
let endpoints: Array<{ method: Method; path: string }>;

beforeAll(async () => {
  ctx = await createTestContext();
  const doc = (await request(ctx.app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
  documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({
    method: method as Method, path, schemes: (op.security ?? []).flatMap((s) => Object.keys(s)),
  })));
  endpoints = documented
    .filter((e) => !PUBLIC.has(e.path) && !e.path.startsWith('/api/sync/') && !MACHINE[`${e.method} ${e.path}`])
    .map(({ method, path }) => ({ method, path }));
});
afterAll(async () => {
  await ctx?.close();
});

async function tokensByRole(): Promise<Record<Role, string>> {
  // self-registration on, so company admins meet only the role rule on callback numbers
  const company = await createCompany(ctx.deps.db, { allow_callback_self_register: true });
  const [sa, admin, user] = await Promise.all([
    signInSuperAdmin(ctx),
    signInUser(ctx, company.id, 'admin'),
    signInUser(ctx, company.id, 'user'),
  ]);
  return { super_admin: sa.token, company_admin: admin.token, company_user: user.token };
}

function call(method: Method, path: string, token?: string) {
  const url = path.replace(/\{[^}]+\}|:[A-Za-z]+/g, () => randomUUID());
  const req = request(ctx.app)[method](url);
  if (token) req.set('Authorization', `Bearer ${token}`);
  return method === 'get' || method === 'delete' ? req : req.send({});
}

describe('access matrix', () => {
  it('covers the modules mounted so far', () => {
    const prefixes = new Set(endpoints.map((e) => e.path.split('/').slice(0, 4).join('/')));
    for (const p of ['/api/admin/companies', '/api/admin/line-groups', '/api/admin/plans', '/api/admin/audit-logs', '/api/company/users']) {
      expect(prefixes).toContain(p);
    }
    expect(endpoints.length).toBeGreaterThan(30);
  });

  it('answers 401 to every protected endpoint without a session', async () => {
    for (const e of endpoints) {
      const res = await call(e.method, e.path);
      expect(res.status, `${e.method.toUpperCase()} ${e.path}`).toBe(401);
    }
  });

  it('admits exactly the allowed roles, and a random id is never found', async () => {
    for (const e of endpoints) {
      const tokens = await tokensByRole();
      const allowed = allowedRoles(e.method, e.path);
      for (const role of ['super_admin', 'company_admin', 'company_user'] as const) {
        const res = await call(e.method, e.path, tokens[role]);
        const where = `${role} ${e.method.toUpperCase()} ${e.path} → ${res.status} ${JSON.stringify(res.body?.error ?? '')}`;
        if (!allowed.includes(role)) {
          expect(res.status, where).toBe(403);
          continue;
        }
        expect([401, 403], where).not.toContain(res.status);
        expect(res.status, where).toBeLessThan(500);
        if (/\{|:/.test(e.path)) expect(res.status, where).toBeGreaterThanOrEqual(400);
      }
    }
  });
});

describe('machine endpoints', () => {
  it('are documented with their own security scheme, and no other endpoint outside /api/sync declares one', () => {
    const withScheme = documented.filter((e) => e.schemes.length > 0 && !e.path.startsWith('/api/sync/'));
    expect(Object.fromEntries(withScheme.map((e) => [`${e.method} ${e.path}`, e.schemes.join(' ')]))).toEqual(MACHINE);
  });

  /** Every way to call without the credential: nothing, and each role's session in its place. */
  async function withoutCredential(): Promise<Array<[string, Record<string, string>]>> {
    const tokens = await tokensByRole();
    return [['no credential', {}], ...Object.entries(tokens).map(([role, token]): [string, Record<string, string>] => [`${role} session`, { Authorization: `Bearer ${token}` }])];
  }

  it('the spam-test phone app answers 401 without its X-Spam-Token (a session is no substitute) and 200 with it', async () => {
    const deviceId = `matrix-${randomUUID()}`;
    const calls = [
      ['/api/spam-filter/devices', { carrier: 'SKT', phone: '01077770001', deviceId }],
      ['/api/spam-filter/report', { deviceId, senderNumber: '0212345678', messageContent: '권한 검사', messageType: 'SMS' }],
    ] as const;
    const attempts = [...await withoutCredential(), ['wrong token', { 'X-Spam-Token': `${ctx.deps.config.spamAppToken}x` }] as const];
    const device = () => ctx.deps.db.selectFrom('spam_test_devices').select('device_id').where('device_id', '=', deviceId).execute();
    for (const [path, body] of calls) {
      for (const [who, headers] of attempts) {
        const res = await request(ctx.app).post(path).set(headers).send(body);
        expect(res.status, `${who}: POST ${path}`).toBe(401);
      }
      if (path.endsWith('/devices')) expect(await device()).toEqual([]);
      await request(ctx.app).post(path).set('X-Spam-Token', ctx.deps.config.spamAppToken).send(body).expect(200);
    }
    expect(await device()).toHaveLength(1);
  });

  it('the Narae 080 callback answers its refusal `0` without the token (a session is no substitute) and stores only with it', async () => {
    const fr = '0809990001';
    const company = await createCompany(ctx.deps.db, { opt_out_080_number: fr });
    const listed = async () => (await ctx.deps.db.selectFrom('opt_outs').select('phone').where('company_id', '=', company.id).execute()).map((r) => r.phone);
    const callback = (query: Record<string, string>, headers: Record<string, string> = {}) =>
      request(ctx.app).get(`/api/unsubscribes/080callback?${new URLSearchParams(query).toString()}`).set(headers);
    const attempts = [...await withoutCredential(), ['wrong token', {}, `${ctx.deps.config.narae080Token}x`] as const];
    for (const [who, headers, token] of attempts) {
      const res = await callback({ cid: '01077770002', fr, ...(token ? { token } : {}) }, headers);
      expect([res.status, res.text], who).toEqual([200, '0']);
    }
    expect(await listed()).toEqual([]);
    expect((await callback({ cid: '01077770002', fr, token: ctx.deps.config.narae080Token }).expect(200)).text).toBe('1');
    expect(await listed()).toEqual(['01077770002']);
  });
});
