import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { CallbackNumber, CallbackNumberList, UsableCallbackNumberList, UserCallbackNumbers } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { createOpenApiRegistry, generateOpenApiDocument } from '../../http/openapi.js';
import { companyScopeOf } from '../scope/scope.js';
import type { AuthContext } from '../auth/sessions.service.js';
import { auditRows, moduleApp } from '../users/users.test-helpers.js';
import { registerUserOpenApi } from '../users/users.routes.js';
import { registerCallbackNumberOpenApi } from './callback-numbers.routes.js';
import { assertCallbackUsable, listUsableCallbackNumbers } from './callback-numbers.service.js';

let ctx: TestContext;
let app: Express;
let superAdmin: { token: string; id: string };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  ctx = await createTestContext();
  app = moduleApp(ctx);
  superAdmin = await signInSuperAdmin(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const numbersOf = (companyId: string) =>
  ctx.deps.db.selectFrom('callback_numbers').selectAll().where('company_id', '=', companyId).orderBy('created_at').orderBy('id').execute();
const adminBase = (companyId: string) => `/api/admin/companies/${companyId}/callback-numbers`;

async function addNumber(companyId: string, number: string, extra: Record<string, unknown> = {}): Promise<CallbackNumber> {
  const res = await request(app).post(adminBase(companyId)).set(bearer(superAdmin.token)).send({ number, ...extra }).expect(201);
  return CallbackNumber.parse(res.body);
}

/** A company allowing self-registration (or not), with a signed-in admin and marketer. */
const company = (allow: boolean) => createCompanyWithUsers(ctx, { company: { allow_callback_self_register: allow } });

describe('who may call the callback-number endpoints', () => {
  it('admits exactly the right roles and changes nothing for the others', async () => {
    const { companyId, admin, user } = await company(true);
    const existing = await addNumber(companyId, '02-111-2222');
    const endpoints: Array<['get' | 'post' | 'patch' | 'delete' | 'put', string, 'admin' | 'company']> = [
      ['get', adminBase(companyId), 'admin'],
      ['post', adminBase(companyId), 'admin'],
      ['patch', `${adminBase(companyId)}/${existing.id}`, 'admin'],
      ['delete', `${adminBase(companyId)}/${existing.id}`, 'admin'],
      ['post', `${adminBase(companyId)}/${existing.id}/default`, 'admin'],
      ['get', `/api/admin/companies/${companyId}/users/${user.id}/callback-numbers`, 'admin'],
      ['put', `/api/admin/companies/${companyId}/users/${user.id}/callback-numbers`, 'admin'],
      ['get', '/api/company/callback-numbers', 'company'],
      ['post', '/api/company/callback-numbers', 'company'],
      ['patch', `/api/company/callback-numbers/${existing.id}`, 'company'],
      ['delete', `/api/company/callback-numbers/${existing.id}`, 'company'],
      ['post', `/api/company/callback-numbers/${existing.id}/default`, 'company'],
      ['get', `/api/company/users/${user.id}/callback-numbers`, 'company'],
      ['put', `/api/company/users/${user.id}/callback-numbers`, 'company'],
    ];
    const body = { number: '031-123-4567', label: '무단', callbackNumberIds: [existing.id] };
    for (const [method, path, surface] of endpoints) {
      await request(app)[method](path).send(body).expect(401);
      await request(app)[method](path).set(bearer(user.token)).send(body).expect(403);
      await request(app)[method](path).set(bearer(surface === 'admin' ? admin.token : superAdmin.token)).send(body).expect(403);
    }
    expect((await numbersOf(companyId)).map((n) => [n.number, n.label, n.is_default])).toEqual([['021112222', null, true]]);
    // marketers and admins list what they may use; nobody else
    await request(app).get('/api/callback-numbers').expect(401);
    await request(app).get('/api/callback-numbers').set(bearer(superAdmin.token)).expect(403);
    await request(app).get('/api/callback-numbers').set(bearer(user.token)).expect(200);
    await request(app).get('/api/callback-numbers').set(bearer(admin.token)).expect(200);
  });

  it("answers 404 for another company's number and leaves it unchanged", async () => {
    const a = await company(true);
    const b = await company(true);
    const theirs = await addNumber(b.companyId, '02-333-4444');
    await addNumber(b.companyId, '02-333-5555');
    const before = await numbersOf(b.companyId);
    const asA = { Authorization: `Bearer ${a.admin.token}` };
    await request(app).patch(`/api/company/callback-numbers/${theirs.id}`).set(asA).send({ label: '탈취' }).expect(404);
    await request(app).delete(`/api/company/callback-numbers/${theirs.id}`).set(asA).expect(404);
    await request(app).post(`/api/company/callback-numbers/${theirs.id}/default`).set(asA).expect(404);
    // assigning B's number to one of A's users, or A's number to B's user
    await request(app).put(`/api/company/users/${a.user.id}/callback-numbers`).set(asA).send({ callbackNumberIds: [theirs.id] }).expect(404);
    await request(app).put(`/api/company/users/${b.user.id}/callback-numbers`).set(asA).send({ callbackNumberIds: [] }).expect(404);
    await request(app).get(`/api/company/users/${b.user.id}/callback-numbers`).set(asA).expect(404);
    // a super admin naming company A with B's number id
    await request(app).patch(`${adminBase(a.companyId)}/${theirs.id}`).set(bearer(superAdmin.token)).send({ label: '탈취' }).expect(404);
    await request(app).delete(`${adminBase(a.companyId)}/${theirs.id}`).set(bearer(superAdmin.token)).expect(404);
    expect(await numbersOf(b.companyId)).toEqual(before);
    const list = CallbackNumberList.parse((await request(app).get('/api/company/callback-numbers').set(asA).expect(200)).body);
    expect(list.callbackNumbers).toEqual([]);
  });
});

describe('registering numbers', () => {
  it('stores digits, formats for display, makes the first number the default, and audits', async () => {
    const { companyId } = await company(false);
    const first = await addNumber(companyId, '02-1234-5678', { label: '본사' });
    expect(first).toMatchObject({ number: '0212345678', formatted: '02-1234-5678', label: '본사', isDefault: true, companyId });
    const second = await addNumber(companyId, '1588 1234');
    expect(second).toMatchObject({ number: '15881234', formatted: '1588-1234', isDefault: false });
    const safe = await addNumber(companyId, '0505-123-4567', { isDefault: true });
    expect(safe.isDefault).toBe(true);
    expect((await numbersOf(companyId)).map((n) => [n.number, n.is_default])).toEqual([
      ['0212345678', false],
      ['15881234', false],
      ['05051234567', true],
    ]);
    const [audit] = await auditRows(ctx, 'callback_number.create', first.id);
    expect(audit).toMatchObject({ company_id: companyId, actor_type: 'super_admin', actor_id: superAdmin.id, details: { number: '0212345678', isDefault: true } });
  });

  it('refuses invalid numbers with a Korean 400 and a duplicate with 409, writing nothing', async () => {
    const { companyId } = await company(false);
    await addNumber(companyId, '070-1234-5678');
    for (const bad of ['123', '034-123-4567', '1700-1234', '010-1234-abcd', '']) {
      const res = await request(app).post(adminBase(companyId)).set(bearer(superAdmin.token)).send({ number: bad }).expect(400);
      expect(res.body.error.message).toContain('회신번호 형식이 올바르지 않습니다');
    }
    const dup = await request(app).post(adminBase(companyId)).set(bearer(superAdmin.token)).send({ number: '+82 70 1234 5678' }).expect(409);
    expect(dup.body.error.message).toContain('이미 등록된 회신번호입니다: 070-1234-5678');
    expect(await numbersOf(companyId)).toHaveLength(1);
    const audits = await ctx.deps.db.selectFrom('audit_logs').select('action').where('company_id', '=', companyId).execute();
    expect(audits).toHaveLength(1);
  });

  it('changes number and label, refusing a number the company already has', async () => {
    const { companyId } = await company(false);
    const a = await addNumber(companyId, '02-111-1111');
    await addNumber(companyId, '02-222-2222');
    const res = await request(app).patch(`${adminBase(companyId)}/${a.id}`).set(bearer(superAdmin.token)).send({ number: '031-111-1111', label: '지점' }).expect(200);
    expect(CallbackNumber.parse(res.body)).toMatchObject({ number: '0311111111', label: '지점', isDefault: true });
    await request(app).patch(`${adminBase(companyId)}/${a.id}`).set(bearer(superAdmin.token)).send({ number: '02-222-2222' }).expect(409);
    await request(app).patch(`${adminBase(companyId)}/${a.id}`).set(bearer(superAdmin.token)).send({ number: '999' }).expect(400);
    await request(app).patch(`${adminBase(companyId)}/${a.id}`).set(bearer(superAdmin.token)).send({}).expect(400);
    expect((await numbersOf(companyId)).map((n) => n.number)).toEqual(['0311111111', '022222222']);
    const [audit] = await auditRows(ctx, 'callback_number.update', a.id);
    expect(audit?.details).toMatchObject({ before: { number: '021111111' }, after: { number: '0311111111', label: '지점' } });
  });
});

describe('company admins and self-registration', () => {
  it('may list but not write when the company does not allow self-registration', async () => {
    const { companyId, admin } = await company(false);
    const n = await addNumber(companyId, '02-555-6666');
    const list = CallbackNumberList.parse((await request(app).get('/api/company/callback-numbers').set(bearer(admin.token)).expect(200)).body);
    expect(list).toMatchObject({ selfRegisterAllowed: false, callbackNumbers: [{ id: n.id }] });
    const refused = [
      await request(app).post('/api/company/callback-numbers').set(bearer(admin.token)).send({ number: '02-555-7777' }),
      await request(app).patch(`/api/company/callback-numbers/${n.id}`).set(bearer(admin.token)).send({ label: 'x' }),
      await request(app).delete(`/api/company/callback-numbers/${n.id}`).set(bearer(admin.token)),
      await request(app).post(`/api/company/callback-numbers/${n.id}/default`).set(bearer(admin.token)),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('직접 등록이 허용되어 있지 않습니다');
    }
    expect((await numbersOf(companyId)).map((r) => [r.number, r.label])).toEqual([['025556666', null]]);
  });

  it('may register, change, default and delete when allowed', async () => {
    const { companyId, admin } = await company(true);
    const post = (number: string) => request(app).post('/api/company/callback-numbers').set(bearer(admin.token)).send({ number }).expect(201).then((r) => CallbackNumber.parse(r.body));
    const a = await post('010-2222-3333');
    const b = await post('02-444-5555');
    expect(a.isDefault).toBe(true);
    await request(app).post(`/api/company/callback-numbers/${b.id}/default`).set(bearer(admin.token)).expect(200);
    await request(app).patch(`/api/company/callback-numbers/${a.id}`).set(bearer(admin.token)).send({ label: '대표' }).expect(200);
    await request(app).delete(`/api/company/callback-numbers/${a.id}`).set(bearer(admin.token)).expect(204);
    expect((await numbersOf(companyId)).map((r) => [r.number, r.is_default, r.created_by])).toEqual([['024445555', true, admin.id]]);
    const [audit] = await auditRows(ctx, 'callback_number.delete', a.id);
    expect(audit).toMatchObject({ actor_type: 'user', actor_id: admin.id, company_id: companyId });
  });
});

describe('one default per company', () => {
  it('keeps exactly one default when five set-default calls race', async () => {
    const { companyId } = await company(false);
    const numbers = [];
    for (let i = 0; i < 5; i++) numbers.push(await addNumber(companyId, `02-700-000${i}`));
    const results = await Promise.all(
      numbers.map((n) => request(app).post(`${adminBase(companyId)}/${n.id}/default`).set(bearer(superAdmin.token))),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const rows = await numbersOf(companyId);
    expect(rows.filter((r) => r.is_default)).toHaveLength(1);
    const audits = await ctx.deps.db.selectFrom('audit_logs').select('action').where('company_id', '=', companyId).where('action', '=', 'callback_number.set_default').execute();
    expect(audits.length).toBe(4); // the first number was already the default
  });

  it('deleting the default promotes the oldest remaining number, or leaves none', async () => {
    const { companyId } = await company(false);
    const a = await addNumber(companyId, '02-800-0001');
    const b = await addNumber(companyId, '02-800-0002');
    const c = await addNumber(companyId, '02-800-0003', { isDefault: true });
    await request(app).delete(`${adminBase(companyId)}/${c.id}`).set(bearer(superAdmin.token)).expect(204);
    expect((await numbersOf(companyId)).map((r) => [r.id, r.is_default])).toEqual([[a.id, true], [b.id, false]]);
    await request(app).delete(`${adminBase(companyId)}/${b.id}`).set(bearer(superAdmin.token)).expect(204);
    await request(app).delete(`${adminBase(companyId)}/${a.id}`).set(bearer(superAdmin.token)).expect(204);
    expect(await numbersOf(companyId)).toEqual([]);
  });
});

describe('users restricted to assigned numbers', () => {
  it('marketers see their assigned numbers only; an empty list lifts the restriction', async () => {
    const { companyId, admin, user } = await company(false);
    const a = await addNumber(companyId, '02-900-0001');
    const b = await addNumber(companyId, '02-900-0002');
    const usable = () => request(app).get('/api/callback-numbers').set(bearer(user.token)).expect(200).then((r) => UsableCallbackNumberList.parse(r.body));
    expect(await usable()).toMatchObject({ restricted: false, callbackNumbers: [{ id: a.id }, { id: b.id }] });

    const set = await request(app).put(`/api/company/users/${user.id}/callback-numbers`).set(bearer(admin.token)).send({ callbackNumberIds: [b.id, b.id] }).expect(200);
    expect(UserCallbackNumbers.parse(set.body)).toMatchObject({ userId: user.id, restricted: true, callbackNumbers: [{ id: b.id }] });
    expect(await usable()).toMatchObject({ restricted: true, callbackNumbers: [{ id: b.id, number: '029000002' }] });
    const [audit] = await auditRows(ctx, 'user.callback_numbers.set', user.id);
    expect(audit?.details).toMatchObject({ callbackNumberIds: [b.id] });

    // deleting the only assigned number lifts the restriction with it (assignments cascade)
    await request(app).delete(`${adminBase(companyId)}/${b.id}`).set(bearer(superAdmin.token)).expect(204);
    expect(await usable()).toMatchObject({ restricted: false, callbackNumbers: [{ id: a.id }] });

    await request(app).put(`/api/admin/companies/${companyId}/users/${user.id}/callback-numbers`).set(bearer(superAdmin.token)).send({ callbackNumberIds: [a.id] }).expect(200);
    expect((await usable()).restricted).toBe(true);
    await request(app).put(`/api/company/users/${user.id}/callback-numbers`).set(bearer(admin.token)).send({ callbackNumberIds: [] }).expect(200);
    expect((await usable()).restricted).toBe(false);
  });

  it('company admins cannot restrict admins; super admins can', async () => {
    const { companyId, admin } = await company(false);
    const n = await addNumber(companyId, '02-910-0001');
    await request(app).put(`/api/company/users/${admin.id}/callback-numbers`).set(bearer(admin.token)).send({ callbackNumberIds: [n.id] }).expect(403);
    await request(app).put(`/api/admin/companies/${companyId}/users/${admin.id}/callback-numbers`).set(bearer(superAdmin.token)).send({ callbackNumberIds: [n.id] }).expect(200);
    await request(app).put(`/api/company/users/${admin.id}/callback-numbers`).set(bearer(admin.token)).send({ callbackNumberIds: ['nope'] }).expect(400);
  });

  it('assertCallbackUsable accepts any notation of a usable number and names the refused one', async () => {
    const { companyId, user } = await company(false);
    const a = await addNumber(companyId, '1644-0001');
    const b = await addNumber(companyId, '02-920-0002');
    const auth = { role: 'company_user', companyId, id: user.id, storeCodes: [] } as unknown as AuthContext;
    const scope = companyScopeOf(auth);
    expect((await assertCallbackUsable(ctx.deps, scope, '1644 0001')).id).toBe(a.id);
    await expect(assertCallbackUsable(ctx.deps, scope, '02-920-9999')).rejects.toThrow('등록되지 않은 회신번호입니다: 02-920-9999');
    await expect(assertCallbackUsable(ctx.deps, scope, 'abc')).rejects.toThrow('형식');
    await request(app).put(`/api/admin/companies/${companyId}/users/${user.id}/callback-numbers`).set(bearer(superAdmin.token)).send({ callbackNumberIds: [a.id] }).expect(200);
    await expect(assertCallbackUsable(ctx.deps, scope, '029200002')).rejects.toThrow('사용이 허용되지 않은 회신번호입니다');
    expect((await listUsableCallbackNumbers(ctx.deps, scope)).callbackNumbers.map((n) => n.id)).toEqual([a.id]);
    // the company's admin view is never restricted
    const adminScope = companyScopeOf({ role: 'super_admin' } as unknown as AuthContext, companyId);
    expect((await listUsableCallbackNumbers(ctx.deps, adminScope)).callbackNumbers.map((n) => n.id)).toEqual([a.id, b.id]);
  });
});

describe('OpenAPI', () => {
  it('documents every users and callback-number path', () => {
    const registry = createOpenApiRegistry();
    registerUserOpenApi(registry);
    registerCallbackNumberOpenApi(registry);
    const doc = generateOpenApiDocument(registry, 'test');
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      '/api/admin/companies/{companyId}/callback-numbers',
      '/api/admin/companies/{companyId}/callback-numbers/{id}',
      '/api/admin/companies/{companyId}/callback-numbers/{id}/default',
      '/api/admin/companies/{companyId}/users',
      '/api/admin/companies/{companyId}/users/{userId}',
      '/api/admin/companies/{companyId}/users/{userId}/callback-numbers',
      '/api/admin/companies/{companyId}/users/{userId}/reset-password',
      '/api/callback-numbers',
      '/api/company/callback-numbers',
      '/api/company/callback-numbers/{id}',
      '/api/company/callback-numbers/{id}/default',
      '/api/company/users',
      '/api/company/users/{userId}',
      '/api/company/users/{userId}/callback-numbers',
      '/api/company/users/{userId}/reset-password',
    ]);
  });
});
