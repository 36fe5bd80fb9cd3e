import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { LineGroup } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany, createSuperAdmin, createUser } from '../../../test/factories.js';
import { closeDeps, createDeps } from '../../deps.js';
import type { Actor } from '../audit/audit.service.js';
import {
  assignCompanyLineGroup,
  assignUserLineGroup,
  createLineGroup,
  deleteLineGroup,
  getAuthSmsTable,
  getCompanySmsTables,
  getLineGroup,
  getTestSmsTables,
  listLineGroups,
  updateLineGroup,
} from './line-groups.service.js';

const TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_4', 'SMSQ_SEND_10', 'SMSQ_SEND_11'];
const BULK_TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_4'];

let ctx: TestContext;
let actor: Actor;
let seq = 0;
const uniqueName = (base: string) => `${base}-${++seq}`;

// The two bulk groups cover every non-test/auth table, so no test can turn a bulk table into a
// reserved one and the fallback set stays SMSQ_SEND_1..4 whatever order tests run in.
beforeAll(async () => {
  ctx = await createTestContext({ smsTables: TABLES });
  const admin = await createSuperAdmin(ctx.deps.db);
  actor = { type: 'super_admin', id: admin.id, companyId: null, ip: '127.0.0.1' };
  const seed = [
    { name: '대량발송A', type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_2'], sortOrder: 1 },
    { name: '대량발송B', type: 'bulk', tables: ['SMSQ_SEND_3', 'SMSQ_SEND_4'], sortOrder: 2 },
    { name: '테스트발송', type: 'test', tables: ['SMSQ_SEND_10'], sortOrder: 10 },
    { name: '슈퍼관리자인증', type: 'auth', tables: ['SMSQ_SEND_11'], sortOrder: 11 },
  ] as const;
  for (const g of seed) await createLineGroup(ctx.deps, actor, { ...g, tables: [...g.tables], isActive: true });
});
afterAll(async () => {
  await ctx?.close();
});

async function auditRows(targetId: string) {
  return ctx.deps.db
    .selectFrom('audit_logs')
    .select(['action', 'actor_type', 'actor_id', 'company_id', 'target_type', 'details'])
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
}

async function newBulkGroup(tables: string[], over: { isActive?: boolean } = {}) {
  return createLineGroup(ctx.deps, actor, {
    name: uniqueName('그룹'),
    type: 'bulk',
    tables,
    isActive: over.isActive ?? true,
    sortOrder: 5,
  });
}

describe('line-group CRUD', () => {
  it('creates a group, answers camelCase and records an audit row in the same change', async () => {
    const group = await newBulkGroup(['SMSQ_SEND_2', 'SMSQ_SEND_1']);
    expect(LineGroup.parse(group)).toMatchObject({ type: 'bulk', tables: ['SMSQ_SEND_2', 'SMSQ_SEND_1'], isActive: true, sortOrder: 5 });
    const row = await ctx.deps.db.selectFrom('sms_line_groups').selectAll().where('id', '=', group.id).executeTakeFirstOrThrow();
    expect(row.tables).toEqual(['SMSQ_SEND_2', 'SMSQ_SEND_1']);
    expect(await auditRows(group.id)).toEqual([
      expect.objectContaining({ action: 'line_group.create', actor_type: 'super_admin', actor_id: actor.id, target_type: 'line_group' }),
    ]);
  });

  it('refuses a table that is not a configured agent, naming it, and writes nothing', async () => {
    const name = uniqueName('주입');
    for (const table of ['SMSQ_SEND_1; DROP TABLE x', 'SMSQ_SEND_9', 'smsq_send_1']) {
      await expect(createLineGroup(ctx.deps, actor, { name, type: 'bulk', tables: [table], isActive: true, sortOrder: 0 }))
        .rejects.toMatchObject({ status: 400, message: `설정되지 않은 발송 테이블입니다: ${table}` });
    }
    const rows = await ctx.deps.db.selectFrom('sms_line_groups').select('id').where('name', '=', name).execute();
    expect(rows).toEqual([]);
  });

  it('refuses a second group with the same name with 409', async () => {
    const group = await newBulkGroup(['SMSQ_SEND_3']);
    await expect(createLineGroup(ctx.deps, actor, { name: group.name, type: 'bulk', tables: ['SMSQ_SEND_4'], isActive: true, sortOrder: 0 }))
      .rejects.toMatchObject({ status: 409, message: `같은 이름의 라인그룹이 이미 있습니다: ${group.name}` });
    const other = await newBulkGroup(['SMSQ_SEND_4']);
    await expect(updateLineGroup(ctx.deps, actor, other.id, { name: group.name })).rejects.toMatchObject({ status: 409 });
  });

  it('never lets a test or auth table into a bulk group (and no bulk table into a test group)', async () => {
    await expect(newBulkGroup(['SMSQ_SEND_1', 'SMSQ_SEND_10'])).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("SMSQ_SEND_10 테이블은 이미 테스트 라인그룹 '테스트발송'에 속해 있어"),
    });
    await expect(createLineGroup(ctx.deps, actor, { name: uniqueName('t'), type: 'test', tables: ['SMSQ_SEND_1'], isActive: false, sortOrder: 0 }))
      .rejects.toMatchObject({ status: 409, message: expect.stringContaining('대량발송 라인그룹') });
    const bulk = await newBulkGroup(['SMSQ_SEND_1']);
    await expect(updateLineGroup(ctx.deps, actor, bulk.id, { tables: ['SMSQ_SEND_1', 'SMSQ_SEND_11'] })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("인증 라인그룹 '슈퍼관리자인증'"),
    });
    // bulk groups may share lines with each other
    await expect(newBulkGroup(['SMSQ_SEND_1'])).resolves.toMatchObject({ tables: ['SMSQ_SEND_1'] });
  });

  it('refuses an auth group with more than one table', async () => {
    await expect(createLineGroup(ctx.deps, actor, { name: uniqueName('a'), type: 'auth', tables: ['SMSQ_SEND_10', 'SMSQ_SEND_11'], isActive: true, sortOrder: 0 }))
      .rejects.toMatchObject({ status: 400, message: '인증 라인그룹에는 테이블을 하나만 지정할 수 있습니다.' });
  });

  it('updates only the fields sent and audits before and after', async () => {
    const group = await newBulkGroup(['SMSQ_SEND_3']);
    const updated = await updateLineGroup(ctx.deps, actor, group.id, { tables: ['SMSQ_SEND_3', 'SMSQ_SEND_4'], isActive: false });
    expect(updated).toMatchObject({ name: group.name, tables: ['SMSQ_SEND_3', 'SMSQ_SEND_4'], isActive: false, sortOrder: 5 });
    const [, audit] = await auditRows(group.id);
    expect(audit).toMatchObject({
      action: 'line_group.update',
      details: { before: { tables: ['SMSQ_SEND_3'], isActive: true }, after: { tables: ['SMSQ_SEND_3', 'SMSQ_SEND_4'], isActive: false } },
    });
    await expect(updateLineGroup(ctx.deps, actor, '00000000-0000-4000-8000-000000000000', { isActive: true }))
      .rejects.toMatchObject({ status: 404, message: '라인그룹을(를) 찾을 수 없습니다.' });
  });

  it('refuses deleting or un-bulking a group while a company or user uses it, then deletes it once free', async () => {
    const group = await newBulkGroup(['SMSQ_SEND_2']);
    const company = await createCompany(ctx.deps.db);
    const user = await createUser(ctx.deps.db, company.id);
    await assignCompanyLineGroup(ctx.deps, actor, company.id, group.id);
    await assignUserLineGroup(ctx.deps, actor, company.id, user.id, group.id);
    await expect(deleteLineGroup(ctx.deps, actor, group.id)).rejects.toMatchObject({
      status: 409,
      message: '이 라인그룹은 고객사 1곳, 사용자 1명에게 배정되어 있어 삭제할 수 없습니다. 배정을 먼저 해제해 주세요.',
    });
    await expect(updateLineGroup(ctx.deps, actor, group.id, { type: 'test', tables: ['SMSQ_SEND_10'] })).rejects.toMatchObject({ status: 409 });
    const listed = (await listLineGroups(ctx.deps)).lineGroups.find((g) => g.id === group.id);
    expect(listed).toMatchObject({ companies: [{ id: company.id, code: company.code, name: company.name }], userAssignmentCount: 1 });

    await assignUserLineGroup(ctx.deps, actor, company.id, user.id, null);
    await assignCompanyLineGroup(ctx.deps, actor, company.id, null);
    await deleteLineGroup(ctx.deps, actor, group.id);
    await expect(getLineGroup(ctx.deps, group.id)).rejects.toMatchObject({ status: 404 });
    expect((await auditRows(group.id)).map((r) => r.action)).toEqual(['line_group.create', 'line_group.delete']);
  });

  it('lists every group in sort order with the configured tables for pickers', async () => {
    const list = await listLineGroups(ctx.deps);
    expect(list.smsTables).toEqual(TABLES);
    const names = list.lineGroups.map((g) => g.name);
    expect(names.slice(0, 2)).toEqual(['대량발송A', '대량발송B']);
    expect(names.indexOf('테스트발송')).toBeLessThan(names.indexOf('슈퍼관리자인증'));
  });
});

describe('assignment', () => {
  it('assigns only bulk groups, 404s unknown companies, users and groups, and audits per company', async () => {
    const company = await createCompany(ctx.deps.db);
    const user = await createUser(ctx.deps.db, company.id);
    const { lineGroups } = await listLineGroups(ctx.deps);
    const testGroup = lineGroups.find((g) => g.type === 'test')!;
    const bulk = lineGroups.find((g) => g.name === '대량발송B')!;
    await expect(assignCompanyLineGroup(ctx.deps, actor, company.id, testGroup.id)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('대량발송(bulk) 라인그룹만 배정할 수 있습니다.'),
    });
    await expect(assignUserLineGroup(ctx.deps, actor, company.id, user.id, testGroup.id)).rejects.toMatchObject({ status: 400 });
    const missing = '00000000-0000-4000-8000-000000000001';
    await expect(assignCompanyLineGroup(ctx.deps, actor, missing, bulk.id)).rejects.toMatchObject({ status: 404, message: '고객사을(를) 찾을 수 없습니다.' });
    await expect(assignCompanyLineGroup(ctx.deps, actor, company.id, missing)).rejects.toMatchObject({ status: 404, message: '라인그룹을(를) 찾을 수 없습니다.' });
    await expect(assignUserLineGroup(ctx.deps, actor, company.id, missing, bulk.id)).rejects.toMatchObject({ status: 404 });

    await expect(assignCompanyLineGroup(ctx.deps, actor, company.id, bulk.id)).resolves.toEqual({ companyId: company.id, lineGroupId: bulk.id });
    const stored = await ctx.deps.db.selectFrom('companies').select('line_group_id').where('id', '=', company.id).executeTakeFirstOrThrow();
    expect(stored.line_group_id).toBe(bulk.id);
    expect(await auditRows(company.id)).toEqual([
      expect.objectContaining({ action: 'company.line_group.assign', company_id: company.id, details: expect.objectContaining({ from: null, to: bulk.id }) }),
    ]);
    await assignUserLineGroup(ctx.deps, actor, company.id, user.id, bulk.id);
    expect(await auditRows(user.id)).toEqual([
      expect.objectContaining({ action: 'user.line_group.assign', company_id: company.id, target_type: 'user' }),
    ]);
  });
});

describe('send-line lookups', () => {
  it('resolves user group → company group → every bulk line, skipping inactive groups', async () => {
    const company = await createCompany(ctx.deps.db);
    const withOwn = await createUser(ctx.deps.db, company.id);
    const plain = await createUser(ctx.deps.db, company.id);
    const companyGroup = await newBulkGroup(['SMSQ_SEND_1']);
    const userGroup = await newBulkGroup(['SMSQ_SEND_2', 'SMSQ_SEND_3']);

    expect(await getCompanySmsTables(ctx.deps, company.id)).toEqual(BULK_TABLES);
    await assignCompanyLineGroup(ctx.deps, actor, company.id, companyGroup.id);
    await assignUserLineGroup(ctx.deps, actor, company.id, withOwn.id, userGroup.id);
    expect(await getCompanySmsTables(ctx.deps, company.id)).toEqual(['SMSQ_SEND_1']);
    expect(await getCompanySmsTables(ctx.deps, company.id, plain.id)).toEqual(['SMSQ_SEND_1']);
    expect(await getCompanySmsTables(ctx.deps, company.id, withOwn.id)).toEqual(['SMSQ_SEND_2', 'SMSQ_SEND_3']);

    await updateLineGroup(ctx.deps, actor, userGroup.id, { isActive: false });
    expect(await getCompanySmsTables(ctx.deps, company.id, withOwn.id)).toEqual(['SMSQ_SEND_1']);
    await updateLineGroup(ctx.deps, actor, companyGroup.id, { isActive: false });
    expect(await getCompanySmsTables(ctx.deps, company.id, withOwn.id)).toEqual(BULK_TABLES);
  });

  it('gives a company without a group only bulk lines, never the test or auth line', async () => {
    const company = await createCompany(ctx.deps.db);
    const tables = await getCompanySmsTables(ctx.deps, company.id);
    expect(tables).toEqual(BULK_TABLES);
    expect(tables).not.toContain('SMSQ_SEND_10');
    expect(tables).not.toContain('SMSQ_SEND_11');
  });

  it('sends tests only on the test line and 2FA only on the auth line', async () => {
    expect(await getTestSmsTables(ctx.deps)).toEqual(['SMSQ_SEND_10']);
    expect(await getAuthSmsTable(ctx.deps)).toBe('SMSQ_SEND_11');
  });

  it('404s an unknown company and a user of another company', async () => {
    const company = await createCompany(ctx.deps.db);
    const other = await createCompany(ctx.deps.db);
    const stranger = await createUser(ctx.deps.db, other.id);
    await expect(getCompanySmsTables(ctx.deps, '00000000-0000-4000-8000-000000000002')).rejects.toMatchObject({ status: 404 });
    await expect(getCompanySmsTables(ctx.deps, company.id, stranger.id)).rejects.toMatchObject({ status: 404 });
  });

  it('caches lookups in Redis under the prefix, and a second API process sees a change on its next call', async () => {
    const second = createDeps(ctx.config, pino({ level: 'silent' }));
    try {
      const company = await createCompany(ctx.deps.db);
      const group = await newBulkGroup(['SMSQ_SEND_4']);
      expect(await getCompanySmsTables(second, company.id)).toEqual(BULK_TABLES);

      // a change that bypasses the service is not seen: the answer comes from the cache
      await ctx.deps.db.updateTable('companies').set({ line_group_id: group.id }).where('id', '=', company.id).execute();
      expect(await getCompanySmsTables(second, company.id)).toEqual(BULK_TABLES);
      const keys = await ctx.deps.redis.keys(`${ctx.config.redisPrefix}:line-groups:*:company:${company.id}:-`);
      expect(keys).toHaveLength(1);
      const ttl = await ctx.deps.redis.ttl(keys[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);

      // the same change through the service (process 1) is seen by process 2 on its next request
      await assignCompanyLineGroup(ctx.deps, actor, company.id, group.id);
      expect(await getCompanySmsTables(second, company.id)).toEqual(['SMSQ_SEND_4']);
      await updateLineGroup(ctx.deps, actor, group.id, { tables: ['SMSQ_SEND_3', 'SMSQ_SEND_4'] });
      expect(await getCompanySmsTables(second, company.id)).toEqual(['SMSQ_SEND_3', 'SMSQ_SEND_4']);
      // and the other way round
      await assignCompanyLineGroup(second, actor, company.id, null);
      expect(await getCompanySmsTables(ctx.deps, company.id)).toEqual(BULK_TABLES);
    } finally {
      await closeDeps(second);
    }
  });
});
