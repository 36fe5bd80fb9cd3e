import type {
  CompanyLineGroupAssignment,
  CreateLineGroupBody,
  LineGroup,
  LineGroupCompany,
  LineGroupList,
  LineGroupType,
  UpdateLineGroupBody,
  UserLineGroupAssignment,
} from '@hanjullo/shared';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { Database } from '../../db/schema.js';
import { allSmsTables } from '../../db/mysql.js';
import { badRequest, notFound, serviceUnavailable } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { cachedLookup, invalidateLineGroupCache } from './line-groups.cache.js';
import * as repo from './line-groups.repo.js';
import {
  TYPE_LABEL,
  assertGroupShape,
  assertNameFree,
  assertNoCrossTypeTables,
  assertTablesConfigured,
  assertUnassigned,
} from './line-groups.rules.js';

const RESERVED_TYPES: LineGroupType[] = ['test', 'auth'];

function toLineGroup(row: repo.LineGroupRow, companies: LineGroupCompany[], userAssignmentCount: number): LineGroup {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    tables: row.tables,
    isActive: row.is_active,
    sortOrder: row.sort_order,
    companies,
    userAssignmentCount,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listLineGroups(deps: AppDeps): Promise<LineGroupList> {
  const [rows, companies, userCounts] = await Promise.all([
    repo.listLineGroupRows(deps.db),
    repo.listAssignedCompanies(deps.db),
    repo.countUserAssignmentsByGroup(deps.db),
  ]);
  const lineGroups = rows.map((row) =>
    toLineGroup(
      row,
      companies.filter((c) => c.line_group_id === row.id).map(({ id, code, name }) => ({ id, code, name })),
      userCounts.get(row.id) ?? 0,
    ),
  );
  return { lineGroups, smsTables: [...allSmsTables()] };
}

export async function getLineGroup(deps: AppDeps, id: string): Promise<LineGroup> {
  const row = await repo.findLineGroupRow(deps.db, id);
  if (!row) throw notFound('라인그룹');
  const [companies, counts] = await Promise.all([
    repo.listAssignedCompanies(deps.db, id),
    repo.countLineGroupAssignments(deps.db, id),
  ]);
  return toLineGroup(row, companies.map(({ id: cid, code, name }) => ({ id: cid, code, name })), counts.users);
}

export async function createLineGroup(deps: AppDeps, actor: Actor, body: CreateLineGroupBody): Promise<LineGroup> {
  assertTablesConfigured(body.tables);
  assertGroupShape(body.type, body.tables);
  const row = await deps.db.transaction().execute(async (trx) => {
    await repo.lockLineGroupWrites(trx);
    await assertNameFree(trx, body.name);
    await assertNoCrossTypeTables(trx, body.type, body.tables);
    const created = await repo.insertLineGroup(trx, {
      name: body.name,
      type: body.type,
      tables: [...body.tables],
      is_active: body.isActive,
      sort_order: body.sortOrder,
    });
    await recordAudit(trx, actor, {
      action: 'line_group.create',
      companyId: null,
      targetType: 'line_group',
      targetId: created.id,
      details: { name: created.name, type: created.type, tables: created.tables, isActive: created.is_active },
    });
    return created;
  });
  await invalidateLineGroupCache(deps);
  return toLineGroup(row, [], 0);
}

export async function updateLineGroup(deps: AppDeps, actor: Actor, id: string, body: UpdateLineGroupBody): Promise<LineGroup> {
  if (body.tables) assertTablesConfigured(body.tables);
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockLineGroupWrites(trx);
    const before = await repo.lockLineGroupRow(trx, id, 'update');
    if (!before) throw notFound('라인그룹');
    const type = body.type ?? before.type;
    const tables = body.tables ?? before.tables;
    assertGroupShape(type, tables);
    if (body.name !== undefined && body.name !== before.name) await assertNameFree(trx, body.name, id);
    if (body.type !== undefined || body.tables !== undefined) await assertNoCrossTypeTables(trx, type, tables, id);
    if (before.type === 'bulk' && type !== 'bulk') await assertUnassigned(trx, id, '대량발송이 아닌 유형으로 바꿀');
    const after = await repo.updateLineGroupRow(trx, id, {
      name: body.name,
      type: body.type,
      tables: body.tables ? [...body.tables] : undefined,
      is_active: body.isActive,
      sort_order: body.sortOrder,
    });
    await recordAudit(trx, actor, {
      action: 'line_group.update',
      companyId: null,
      targetType: 'line_group',
      targetId: id,
      details: { before: auditView(before), after: auditView(after) },
    });
  });
  await invalidateLineGroupCache(deps);
  return getLineGroup(deps, id);
}

function auditView(row: repo.LineGroupRow) {
  return { name: row.name, type: row.type, tables: row.tables, isActive: row.is_active, sortOrder: row.sort_order };
}

export async function deleteLineGroup(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockLineGroupWrites(trx);
    // FOR UPDATE waits for assignments in flight (they hold FOR SHARE), so the count is final
    const row = await repo.lockLineGroupRow(trx, id, 'update');
    if (!row) throw notFound('라인그룹');
    await assertUnassigned(trx, id, '삭제할');
    await repo.deleteLineGroupRow(trx, id);
    await recordAudit(trx, actor, {
      action: 'line_group.delete',
      companyId: null,
      targetType: 'line_group',
      targetId: id,
      details: auditView(row),
    });
  });
  await invalidateLineGroupCache(deps);
}

/** Locks and checks the group a company or user is being assigned to: it must be a bulk group. */
async function lockAssignableGroup(trx: Transaction<Database>, groupId: string): Promise<repo.LineGroupRow> {
  const group = await repo.lockLineGroupRow(trx, groupId, 'share');
  if (!group) throw notFound('라인그룹');
  if (group.type !== 'bulk') {
    throw badRequest(`대량발송(bulk) 라인그룹만 배정할 수 있습니다. '${group.name}'은(는) ${TYPE_LABEL[group.type]} 라인그룹입니다.`);
  }
  return group;
}

export async function assignCompanyLineGroup(
  deps: AppDeps,
  actor: Actor,
  companyId: string,
  groupId: string | null,
): Promise<CompanyLineGroupAssignment> {
  await deps.db.transaction().execute(async (trx) => {
    const company = await repo.lockCompanyRef(trx, companyId);
    if (!company) throw notFound('고객사');
    const group = groupId ? await lockAssignableGroup(trx, groupId) : null;
    await repo.setCompanyLineGroup(trx, companyId, groupId);
    await recordAudit(trx, actor, {
      action: 'company.line_group.assign',
      companyId,
      targetType: 'company',
      targetId: companyId,
      details: { from: company.line_group_id, to: groupId, lineGroupName: group?.name ?? null },
    });
  });
  await invalidateLineGroupCache(deps);
  return { companyId, lineGroupId: groupId };
}

export async function assignUserLineGroup(
  deps: AppDeps,
  actor: Actor,
  companyId: string,
  userId: string,
  groupId: string | null,
): Promise<UserLineGroupAssignment> {
  await deps.db.transaction().execute(async (trx) => {
    const user = await repo.lockUserRef(trx, companyId, userId);
    if (!user) throw notFound('사용자');
    const group = groupId ? await lockAssignableGroup(trx, groupId) : null;
    await repo.setUserLineGroup(trx, companyId, userId, groupId);
    await recordAudit(trx, actor, {
      action: 'user.line_group.assign',
      companyId,
      targetType: 'user',
      targetId: userId,
      details: { loginId: user.login_id, from: user.line_group_id, to: groupId, lineGroupName: group?.name ?? null },
    });
  });
  await invalidateLineGroupCache(deps);
  return { companyId, userId, lineGroupId: groupId };
}

/** Tables of every test/auth group (active or not): never used for campaigns. */
async function reservedTables(deps: AppDeps): Promise<Set<string>> {
  return new Set(await repo.listTablesOfGroupTypes(deps.db, RESERVED_TYPES));
}

/** A bulk group's configured, non-reserved tables; undefined when it cannot carry the send. */
function usableBulkTables(group: repo.AssignedGroupRow, reserved: Set<string>): string[] | undefined {
  if (group.type !== 'bulk' || !group.is_active || !group.tables) return undefined;
  const configured = new Set(allSmsTables());
  const tables = group.tables.filter((t) => configured.has(t) && !reserved.has(t));
  return tables.length > 0 ? tables : undefined;
}

async function resolveCompanySmsTables(deps: AppDeps, companyId: string, userId?: string): Promise<string[]> {
  const reserved = await reservedTables(deps);
  if (userId) {
    const userGroup = await repo.findUserGroup(deps.db, companyId, userId);
    if (!userGroup) throw notFound('사용자');
    const tables = usableBulkTables(userGroup, reserved);
    if (tables) return tables;
  }
  const companyGroup = await repo.findCompanyGroup(deps.db, companyId);
  if (!companyGroup) throw notFound('고객사');
  const tables = usableBulkTables(companyGroup, reserved);
  if (tables) return tables;
  const fallback = allSmsTables().filter((t) => !reserved.has(t));
  if (fallback.length === 0) {
    throw serviceUnavailable('대량발송에 쓸 수 있는 발송 라인이 없습니다. 설정된 테이블이 모두 테스트/인증 라인입니다.');
  }
  return fallback;
}

/**
 * The queue tables a campaign of this company (and user) is spread over, round-robin: the user's
 * active bulk group → the company's active bulk group → every configured table except test/auth
 * lines. Inactive or non-bulk groups fall through.
 */
export async function getCompanySmsTables(deps: AppDeps, companyId: string, userId?: string): Promise<string[]> {
  return cachedLookup(deps, ['company', companyId, userId ?? '-'], () => resolveCompanySmsTables(deps, companyId, userId));
}

/** Tables of the active test group(s). Never falls back to a bulk table. */
export async function getTestSmsTables(deps: AppDeps): Promise<string[]> {
  const tables = await cachedLookup(deps, ['test'], async () => {
    const configured = new Set(allSmsTables());
    const groups = await repo.listActiveGroupsOfType(deps.db, 'test');
    return [...new Set(groups.flatMap((g) => g.tables))].filter((t) => configured.has(t));
  });
  if (tables.length === 0) {
    throw serviceUnavailable('테스트 발송 라인이 설정되어 있지 않습니다. 활성 테스트 라인그룹을 등록해 주세요.');
  }
  return tables;
}

/** The one table of the first active auth group (by sort order). Never falls back to a bulk table. */
export async function getAuthSmsTable(deps: AppDeps): Promise<string> {
  const table = await cachedLookup(deps, ['auth'], async () => {
    const configured = new Set(allSmsTables());
    const groups = await repo.listActiveGroupsOfType(deps.db, 'auth');
    return groups.flatMap((g) => g.tables).find((t) => configured.has(t)) ?? null;
  });
  if (!table) throw serviceUnavailable('인증 발송 라인이 설정되어 있지 않습니다. 활성 인증 라인그룹을 등록해 주세요.');
  return table;
}
