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
 * admit exactly those roles, and a random object id must never answer 2xx.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const PUBLIC = new Set(['/health', '/version', '/api/openapi.json', '/api/auth/login', '/api/auth/2fa/verify']);

/** Narrower than the path convention, on purpose (each listed here with its reason). */
const EXCEPTIONS: Record<string, Role[]> = {
  // wiping the whole customer DB is for company admins only
  'post /api/customers/delete-all': ['company_admin'],
};

function allowedRoles(method: Method, path: string): Role[] {
  const exception = EXCEPTIONS[`${method} ${path}`];
  if (exception) return exception;
  if (path.startsWith('/api/admin/')) return ['super_admin'];
  if (path === '/api/company' || path.startsWith('/api/company/')) return ['company_admin'];
  if (path.startsWith('/api/auth/')) return ['super_admin', 'company_admin', 'company_user'];
  return ['company_admin', 'company_user'];
}

let ctx: TestContext;
let endpoints: Array<{ method: Method; path: string }>;

beforeAll(async () => {
  ctx = await createTestContext();
  const doc = (await request(ctx.app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
  endpoints = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method as Method, path })))
    .filter((e) => !PUBLIC.has(e.path) && !e.path.startsWith('/api/sync/'));
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
