import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express, { type Express } from 'express';
import request from 'supertest';
import { CompanyLineGroupAssignment, LineGroup, LineGroupList, UserLineGroupAssignment } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { createOpenApiRegistry, generateOpenApiDocument } from '../../http/openapi.js';
import { lineGroupRoutes, registerLineGroupOpenApi } from './line-groups.routes.js';

const TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_10', 'SMSQ_SEND_11'];

let ctx: TestContext;
let app: Express;
let superAdmin: { token: string; id: string };
let seq = 0;
const uniqueName = (base: string) => `${base}-${++seq}`;

// app.ts mounts this router once the lead wires it; until then a minimal app with the same
// request logger and error middleware stands in
beforeAll(async () => {
  ctx = await createTestContext({ smsTables: TABLES });
  app = express().use(requestLogger(ctx.deps.logger)).use(express.json()).use(lineGroupRoutes(ctx.deps)).use(errorHandler);
  superAdmin = await signInSuperAdmin(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

async function createGroup(body: Record<string, unknown>) {
  const res = await request(app).post('/api/admin/line-groups').set(as(superAdmin.token)).send(body);
  expect(res.status).toBe(201);
  return LineGroup.parse(res.body);
}

describe('access', () => {
  it('answers 401 without a session and 403 to company admins and users', async () => {
    const res = await request(app).get('/api/admin/line-groups');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    for (const token of [admin.token, user.token]) {
      await request(app).get('/api/admin/line-groups').set(as(token)).expect(403);
      await request(app).post('/api/admin/line-groups').set(as(token)).send({ name: 'x', type: 'bulk', tables: ['SMSQ_SEND_1'] }).expect(403);
      await request(app).put(`/api/admin/companies/${companyId}/line-group`).set(as(token)).send({ lineGroupId: null }).expect(403);
    }
    const rows = await ctx.deps.db.selectFrom('sms_line_groups').select('id').where('name', '=', 'x').execute();
    expect(rows).toEqual([]);
  });
});

describe('CRUD over HTTP', () => {
  it('creates, reads, lists, updates and deletes a group, with an audit row per change', async () => {
    const created = await createGroup({ name: uniqueName('대량'), type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_2'] });
    expect(created).toMatchObject({ isActive: true, sortOrder: 0, companies: [], userAssignmentCount: 0 });

    const got = await request(app).get(`/api/admin/line-groups/${created.id}`).set(as(superAdmin.token)).expect(200);
    expect(LineGroup.parse(got.body)).toEqual(created);
    const list = LineGroupList.parse((await request(app).get('/api/admin/line-groups').set(as(superAdmin.token)).expect(200)).body);
    expect(list.smsTables).toEqual(TABLES);
    expect(list.lineGroups.map((g) => g.id)).toContain(created.id);

    const updated = await request(app)
      .put(`/api/admin/line-groups/${created.id}`)
      .set(as(superAdmin.token))
      .send({ sortOrder: 7, isActive: false })
      .expect(200);
    expect(LineGroup.parse(updated.body)).toMatchObject({ name: created.name, sortOrder: 7, isActive: false });

    await request(app).delete(`/api/admin/line-groups/${created.id}`).set(as(superAdmin.token)).expect(204);
    const gone = await request(app).get(`/api/admin/line-groups/${created.id}`).set(as(superAdmin.token)).expect(404);
    expect(gone.body.error.message).toBe('라인그룹을(를) 찾을 수 없습니다.');

    const audit = await ctx.deps.db.selectFrom('audit_logs').select(['action', 'actor_type', 'actor_id']).where('target_id', '=', created.id).orderBy('id').execute();
    expect(audit).toEqual(
      ['line_group.create', 'line_group.update', 'line_group.delete'].map((action) => ({ action, actor_type: 'super_admin', actor_id: superAdmin.id })),
    );
  });

  it('answers 400 with Korean field messages for an invalid body', async () => {
    const res = await request(app)
      .post('/api/admin/line-groups')
      .set(as(superAdmin.token))
      .send({ name: '', type: 'blast', tables: [] })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('name: 이름을 입력해 주세요.');
    expect(res.body.error.message).toContain('type: 유형은 bulk, test, auth 중 하나여야 합니다.');
    expect(res.body.error.message).toContain('tables: 테이블을 하나 이상 지정해 주세요.');

    const long = await request(app).post('/api/admin/line-groups').set(as(superAdmin.token))
      .send({ name: '가'.repeat(51), type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_1'] }).expect(400);
    expect(long.body.error.message).toContain('이름은 50자 이하로 입력해 주세요.');
    expect(long.body.error.message).toContain('같은 테이블을 두 번 지정할 수 없습니다.');

    const empty = await request(app).put(`/api/admin/line-groups/${randomUUID()}`).set(as(superAdmin.token)).send({}).expect(400);
    expect(empty.body.error.message).toContain('변경할 항목을 하나 이상 보내 주세요.');
    await request(app).get('/api/admin/line-groups/not-a-uuid').set(as(superAdmin.token)).expect(400);
  });

  it('refuses a table name that is not a configured agent, naming it', async () => {
    const injected = await request(app).post('/api/admin/line-groups').set(as(superAdmin.token))
      .send({ name: uniqueName('x'), type: 'bulk', tables: ['SMSQ_SEND_1; DROP TABLE x'] }).expect(400);
    expect(injected.body.error.message).toContain('발송 테이블 이름 형식이 올바르지 않습니다: SMSQ_SEND_1; DROP TABLE x');
    const unconfigured = await request(app).post('/api/admin/line-groups').set(as(superAdmin.token))
      .send({ name: uniqueName('x'), type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_7'] }).expect(400);
    expect(unconfigured.body.error).toMatchObject({ code: 'bad_request', message: '설정되지 않은 발송 테이블입니다: SMSQ_SEND_7' });
  });

  it('answers 409 for a duplicate name', async () => {
    const group = await createGroup({ name: uniqueName('중복'), type: 'bulk', tables: ['SMSQ_SEND_3'] });
    const res = await request(app).post('/api/admin/line-groups').set(as(superAdmin.token))
      .send({ name: group.name, type: 'bulk', tables: ['SMSQ_SEND_3'] }).expect(409);
    expect(res.body.error.message).toBe(`같은 이름의 라인그룹이 이미 있습니다: ${group.name}`);
  });
});

describe('assignment over HTTP', () => {
  it('assigns a company and a user, refuses deleting the group meanwhile, and clears with null', async () => {
    const group = await createGroup({ name: uniqueName('배정'), type: 'bulk', tables: ['SMSQ_SEND_2'] });
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const assigned = await request(app).put(`/api/admin/companies/${companyId}/line-group`).set(as(superAdmin.token))
      .send({ lineGroupId: group.id }).expect(200);
    expect(CompanyLineGroupAssignment.parse(assigned.body)).toEqual({ companyId, lineGroupId: group.id });
    const userRes = await request(app).put(`/api/admin/companies/${companyId}/users/${user.id}/line-group`).set(as(superAdmin.token))
      .send({ lineGroupId: group.id }).expect(200);
    expect(UserLineGroupAssignment.parse(userRes.body)).toEqual({ companyId, userId: user.id, lineGroupId: group.id });

    const refused = await request(app).delete(`/api/admin/line-groups/${group.id}`).set(as(superAdmin.token)).expect(409);
    expect(refused.body.error.message).toBe('이 라인그룹은 고객사 1곳, 사용자 1명에게 배정되어 있어 삭제할 수 없습니다. 배정을 먼저 해제해 주세요.');
    const shown = LineGroup.parse((await request(app).get(`/api/admin/line-groups/${group.id}`).set(as(superAdmin.token)).expect(200)).body);
    expect(shown.companies.map((c) => c.id)).toEqual([companyId]);

    await request(app).put(`/api/admin/companies/${companyId}/users/${user.id}/line-group`).set(as(superAdmin.token)).send({ lineGroupId: null }).expect(200);
    await request(app).put(`/api/admin/companies/${companyId}/line-group`).set(as(superAdmin.token)).send({ lineGroupId: null }).expect(200);
    await request(app).delete(`/api/admin/line-groups/${group.id}`).set(as(superAdmin.token)).expect(204);
  });

  it('answers 404 for an unknown company and 400 for a missing lineGroupId', async () => {
    const group = await createGroup({ name: uniqueName('x'), type: 'bulk', tables: ['SMSQ_SEND_1'] });
    const res = await request(app).put(`/api/admin/companies/${randomUUID()}/line-group`).set(as(superAdmin.token))
      .send({ lineGroupId: group.id }).expect(404);
    expect(res.body.error.message).toBe('고객사을(를) 찾을 수 없습니다.');
    const { companyId } = await createCompanyWithUsers(ctx);
    await request(app).put(`/api/admin/companies/${companyId}/line-group`).set(as(superAdmin.token)).send({}).expect(400);
  });
});

describe('OpenAPI', () => {
  it('registers every line-group path', () => {
    const registry = createOpenApiRegistry();
    registerLineGroupOpenApi(registry);
    const doc = generateOpenApiDocument(registry, 'test');
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      '/api/admin/companies/{companyId}/line-group',
      '/api/admin/companies/{companyId}/users/{userId}/line-group',
      '/api/admin/line-groups',
      '/api/admin/line-groups/{id}',
    ]);
    expect(Object.keys(doc.paths?.['/api/admin/line-groups/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
  });
});
