import {
  COMPANY_ADMIN_EDITABLE_FIELDS,
  COMPANY_FIELD_LABELS,
  type Company,
  type CompanyAdminUpdateBody,
  type CompanyCreated,
  type CompanyList,
  type CompanyListQuery,
  type UpdateCompanyBody,
  type CreateCompanyBody,
} from '@hanjullo/shared';
import type { Transaction, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { AppDeps } from '../../app.js';
import type { CompaniesTable, Database } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/sessions.service.js';
import { assignCompanyLineGroup, getLineGroup } from '../line-groups/line-groups.service.js';
import { lockAssignablePlan } from '../plans/plans.service.js';
import { companyScopeOf } from '../scope/scope.js';
import { newSyncCredentials, revokeCompanySessions } from './companies.access.js';
import * as repo from './companies.repo.js';
import { FIELD_COLUMNS, diffCompany, groupChangesByAction, toCompany, toCompanySummary, type FieldChange } from './companies.view.js';

export async function findCompany(deps: AppDeps, id: string): Promise<Company | null> {
  const row = await repo.findCompanyDetail(deps.db, id);
  return row ? toCompany(row) : null;
}

export async function getCompany(deps: AppDeps, id: string): Promise<Company> {
  const company = await findCompany(deps, id);
  if (!company) throw notFound('고객사');
  return company;
}

export async function listCompanies(deps: AppDeps, query: CompanyListQuery): Promise<CompanyList> {
  const { rows, total } = await repo.listCompanyDetails(deps.db, {
    ...(query.search ? { search: query.search } : {}),
    ...(query.status ? { status: query.status } : {}),
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items: rows.map(toCompanySummary), total, page: query.page, pageSize: query.pageSize };
}

type Trx = Transaction<Database>;

async function assertCodeFree(trx: Trx, code: string, exceptId?: string): Promise<void> {
  const existing = await repo.findCompanyIdByCode(trx, code);
  if (existing && existing !== exceptId) throw conflict(`이미 사용 중인 고객사 코드입니다: ${code}`);
}

async function assert080Free(trx: Trx, number: string, exceptId?: string): Promise<void> {
  const existing = await repo.findLiveCompanyIdBy080Number(trx, number);
  if (existing && existing !== exceptId) throw conflict(`다른 고객사가 이미 사용 중인 080 수신거부 번호입니다: ${number}`);
}

function assertSendWindow(start: number, end: number): void {
  if (start >= end) {
    const message = '발송 시작 시각은 종료 시각보다 빨라야 합니다.';
    throw validationFailed(`입력값을 확인해 주세요. (sendStartHour: ${message})`, { fields: [{ path: 'sendStartHour', message }] });
  }
}

export async function createCompany(deps: AppDeps, actor: Actor, body: CreateCompanyBody): Promise<CompanyCreated> {
  assertSendWindow(body.sendStartHour ?? 8, body.sendEndHour ?? 21);
  const credentials = await newSyncCredentials();
  const id = await deps.db.transaction().execute(async (trx) => {
    await assertCodeFree(trx, body.code);
    if (body.optOut080Number) await assert080Free(trx, body.optOut080Number);
    if (body.planId) await lockAssignablePlan(trx, body.planId);
    const values: Record<string, unknown> = { sync_api_key: credentials.syncApiKey, sync_secret_hash: credentials.secretHash };
    for (const [field, value] of Object.entries(body)) {
      if (value !== undefined) values[FIELD_COLUMNS[field as keyof typeof FIELD_COLUMNS]] = value;
    }
    const created = await repo.insertCompany(trx, values as unknown as Parameters<typeof repo.insertCompany>[1]);
    await recordAudit(trx, actor, {
      action: 'company.create',
      companyId: created.id,
      targetType: 'company',
      targetId: created.id,
      details: { ...body, syncApiKey: credentials.syncApiKey },
    });
    return created.id;
  });
  return { ...(await getCompany(deps, id)), syncSecret: credentials.syncSecret };
}

/** Rules that need the current row: combined send window, unique code/080, plan, seats. */
async function checkChanges(trx: Trx, before: repo.CompanyRow, body: UpdateCompanyBody, changes: FieldChange[]): Promise<void> {
  assertSendWindow(body.sendStartHour ?? before.send_start_hour, body.sendEndHour ?? before.send_end_hour);
  const changed = new Set(changes.map((c) => c.field));
  if (changed.has('code') && body.code) await assertCodeFree(trx, body.code, before.id);
  if (changed.has('optOut080Number') && body.optOut080Number) await assert080Free(trx, body.optOut080Number, before.id);
  if (changed.has('planId') && body.planId) await lockAssignablePlan(trx, body.planId);
  if (changed.has('maxUsers') && body.maxUsers !== undefined) {
    const users = await repo.countCompanyUsers(trx, before.id);
    if (body.maxUsers < users) {
      throw conflict(`이미 사용자가 ${users}명 있어 최대 사용자 수를 ${body.maxUsers}명으로 줄일 수 없습니다.`, { userCount: users });
    }
  }
}

/** Only bulk line groups carry campaigns; checked before anything changes. */
async function assertAssignableLineGroup(deps: AppDeps, lineGroupId: string): Promise<void> {
  const group = await getLineGroup(deps, lineGroupId);
  if (group.type !== 'bulk') throw badRequest(`대량발송(bulk) 라인그룹만 배정할 수 있습니다: ${group.name}`);
}

/**
 * The one update path (super admin and company admin). Every changed field is audited with its
 * before/after in the same transaction; commercial changes get their own action. The line group
 * goes through the line-groups service (bulk check, its audit, cache invalidation).
 */
async function applyCompanyUpdate(deps: AppDeps, actor: Actor, id: string, body: UpdateCompanyBody): Promise<Company> {
  const { lineGroupId, ...fields } = body;
  if (lineGroupId) await assertAssignableLineGroup(deps, lineGroupId);
  const { before, changes } = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockCompanyRow(trx, id);
    if (!row) throw notFound('고객사');
    if (row.status === 'terminated') throw conflict('해지된 고객사는 변경할 수 없습니다.');
    const diff = diffCompany(row, fields);
    await checkChanges(trx, row, fields, diff);
    if (diff.length === 0) return { before: row, changes: diff };
    const patch: Record<string, unknown> = {};
    for (const c of diff) patch[FIELD_COLUMNS[c.field]] = c.after;
    const updated = await repo.updateCompanyRow(trx, id, patch as Updateable<CompaniesTable>);
    // audit the stored values ("11.5" is kept as "11.50")
    const stored = diff.map((c) => ({ ...c, after: updated[FIELD_COLUMNS[c.field]] }));
    for (const [action, details] of groupChangesByAction(stored)) {
      await recordAudit(trx, actor, { action, companyId: id, targetType: 'company', targetId: id, details });
    }
    return { before: row, changes: diff };
  });
  if (lineGroupId !== undefined && lineGroupId !== before.line_group_id) {
    await assignCompanyLineGroup(deps, actor, id, lineGroupId);
  }
  // Sign-in refuses suspended companies; sessions already open end now, not at their idle timeout.
  if (changes.some((c) => c.field === 'status' && c.after === 'suspended')) await revokeCompanySessions(deps, id);
  return getCompany(deps, id);
}

export async function updateCompany(deps: AppDeps, actor: Actor, id: string, body: UpdateCompanyBody): Promise<Company> {
  return applyCompanyUpdate(deps, actor, id, body);
}

const ADMIN_EDITABLE = new Set<string>(COMPANY_ADMIN_EDITABLE_FIELDS);

/**
 * Company admins change only non-commercial settings. A body naming any super-admin-only field is
 * refused as a whole (403, nothing changes) with the fields named in Korean.
 */
export function assertCompanyAdminFields(raw: unknown): void {
  if (!raw || typeof raw !== 'object') return;
  const refused = Object.keys(raw).filter((key) => key in COMPANY_FIELD_LABELS && !ADMIN_EDITABLE.has(key));
  if (refused.length === 0) return;
  const labels = refused.map((key) => COMPANY_FIELD_LABELS[key as keyof typeof COMPANY_FIELD_LABELS]);
  throw new AppError('forbidden', 403, `다음 항목은 슈퍼관리자만 변경할 수 있습니다: ${labels.join(', ')}`, { fields: refused });
}

export async function getOwnCompany(deps: AppDeps, auth: AuthContext): Promise<Company> {
  return getCompany(deps, companyScopeOf(auth).companyId);
}

export async function updateOwnCompany(deps: AppDeps, auth: AuthContext, actor: Actor, body: CompanyAdminUpdateBody): Promise<Company> {
  assertCompanyAdminFields(body);
  return applyCompanyUpdate(deps, actor, companyScopeOf(auth).companyId, body);
}

/**
 * The live (not terminated) companies' 080 numbers as a query of (number, company_id): the one
 * definition of "the company that owns a 080 number". The 080 callback embeds it in the statement
 * that stores a batch of callers, so each caller is resolved in the same snapshot it is stored in
 * (nothing cached that a number change could leave stale).
 */
export function live080NumbersQuery(db: DbOrTrx) {
  return repo.live080Numbers(db);
}
