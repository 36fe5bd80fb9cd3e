import {
  formatPhone,
  normalizeCallbackNumber,
  type CallbackNumber,
  type CallbackNumberList,
  type CreateCallbackNumberBody,
  type UpdateCallbackNumberBody,
  type UsableCallbackNumberList,
  type UserCallbackNumbers,
} from '@hanjullo/shared';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { Database } from '../../db/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { getChangeableUser, getUser } from '../users/users.service.js';
import * as repo from './callback-numbers.repo.js';

const SELF_REGISTER_OFF =
  '이 고객사는 회신번호 직접 등록이 허용되어 있지 않습니다. 회신번호 등록·변경·삭제는 한줄로 관리자(슈퍼관리자)에게 요청해 주세요.';

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';
const duplicate = (number: string) => conflict(`이미 등록된 회신번호입니다: ${formatPhone(number)}`);

export function toCallbackNumber(row: repo.CallbackNumberRow): CallbackNumber {
  return {
    id: row.id,
    companyId: row.company_id,
    number: row.number,
    formatted: formatPhone(row.number),
    label: row.label,
    isDefault: row.is_default,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const auditView = (row: repo.CallbackNumberRow) => ({ number: row.number, label: row.label, isDefault: row.is_default });

function assertManager(scope: CompanyScope): void {
  if (scope.role !== 'super_admin' && scope.role !== 'company_admin') throw forbidden();
}

/**
 * Opens a write on the company's numbers: locks the company row (serialising its number writes)
 * and admits super admins always, company admins only when self-registration is allowed.
 */
async function lockForWrite(trx: Transaction<Database>, scope: CompanyScope): Promise<void> {
  assertManager(scope);
  const company = await repo.findCompanySettings(trx, scope.companyId, true);
  if (!company) throw notFound('고객사');
  if (scope.role !== 'super_admin' && !company.allow_callback_self_register) throw forbidden(SELF_REGISTER_OFF);
}

async function requireNumber(db: repo.DbOrTrx, companyId: string, id: string): Promise<repo.CallbackNumberRow> {
  const row = await repo.findNumber(db, companyId, id);
  if (!row) throw notFound('회신번호');
  return row;
}

/** Runs a write transaction, turning a unique violation on (company, number) into a Korean 409. */
async function write<T>(deps: AppDeps, number: string | undefined, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(fn);
  } catch (err) {
    if (number !== undefined && isUniqueViolation(err)) throw duplicate(number);
    throw err;
  }
}

/** Every number of the company, for super admins and company admins (always readable). */
export async function listCallbackNumbers(deps: AppDeps, scope: CompanyScope): Promise<CallbackNumberList> {
  assertManager(scope);
  const company = await repo.findCompanySettings(deps.db, scope.companyId);
  if (!company) throw notFound('고객사');
  const rows = await repo.listNumbers(deps.db, scope.companyId);
  return { callbackNumbers: rows.map(toCallbackNumber), selfRegisterAllowed: company.allow_callback_self_register };
}

export async function createCallbackNumber(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateCallbackNumberBody): Promise<CallbackNumber> {
  const row = await write(deps, body.number, async (trx) => {
    await lockForWrite(trx, scope);
    if (await repo.findNumberByDigits(trx, scope.companyId, body.number)) throw duplicate(body.number);
    const hasNumbers = (await repo.findOldestNumber(trx, scope.companyId)) !== undefined;
    // the first number becomes the default by itself
    const isDefault = body.isDefault || !hasNumbers;
    if (isDefault) await repo.clearDefault(trx, scope.companyId);
    const created = await repo.insertNumber(trx, {
      company_id: scope.companyId,
      number: body.number,
      label: body.label ?? null,
      is_default: isDefault,
      created_by: actor.id,
    });
    await recordAudit(trx, actor, {
      action: 'callback_number.create',
      companyId: scope.companyId,
      targetType: 'callback_number',
      targetId: created.id,
      details: auditView(created),
    });
    return created;
  });
  return toCallbackNumber(row);
}

export async function updateCallbackNumber(
  deps: AppDeps,
  scope: CompanyScope,
  actor: Actor,
  id: string,
  body: UpdateCallbackNumberBody,
): Promise<CallbackNumber> {
  const row = await write(deps, body.number, async (trx) => {
    await lockForWrite(trx, scope);
    const before = await requireNumber(trx, scope.companyId, id);
    if (body.number !== undefined && body.number !== before.number) {
      if (await repo.findNumberByDigits(trx, scope.companyId, body.number)) throw duplicate(body.number);
    }
    const after = await repo.updateNumber(trx, scope.companyId, id, { number: body.number, label: body.label });
    await recordAudit(trx, actor, {
      action: 'callback_number.update',
      companyId: scope.companyId,
      targetType: 'callback_number',
      targetId: id,
      details: { before: auditView(before), after: auditView(after) },
    });
    return after;
  });
  return toCallbackNumber(row);
}

/** Deletes a number (and its user assignments); a deleted default hands over to the oldest number. */
export async function deleteCallbackNumber(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string): Promise<void> {
  await write(deps, undefined, async (trx) => {
    await lockForWrite(trx, scope);
    const row = await requireNumber(trx, scope.companyId, id);
    await repo.deleteNumber(trx, scope.companyId, id);
    const promoted = row.is_default ? await repo.findOldestNumber(trx, scope.companyId) : undefined;
    if (promoted) await repo.updateNumber(trx, scope.companyId, promoted.id, { is_default: true });
    await recordAudit(trx, actor, {
      action: 'callback_number.delete',
      companyId: scope.companyId,
      targetType: 'callback_number',
      targetId: id,
      details: { ...auditView(row), promotedDefault: promoted ? { id: promoted.id, number: promoted.number } : null },
    });
  });
}

/** Makes the number the company's one default; the previous default is unset in the same transaction. */
export async function setDefaultCallbackNumber(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string): Promise<CallbackNumber> {
  const row = await write(deps, undefined, async (trx) => {
    await lockForWrite(trx, scope);
    const target = await requireNumber(trx, scope.companyId, id);
    if (target.is_default) return target;
    const previous = (await repo.listNumbers(trx, scope.companyId)).find((n) => n.is_default);
    await repo.clearDefault(trx, scope.companyId);
    const updated = await repo.updateNumber(trx, scope.companyId, id, { is_default: true });
    await recordAudit(trx, actor, {
      action: 'callback_number.set_default',
      companyId: scope.companyId,
      targetType: 'callback_number',
      targetId: id,
      details: { number: updated.number, previousDefault: previous ? { id: previous.id, number: previous.number } : null },
    });
    return updated;
  });
  return toCallbackNumber(row);
}

/** The numbers a user is restricted to (managers' view). */
export async function getUserCallbackNumbers(deps: AppDeps, scope: CompanyScope, userId: string): Promise<UserCallbackNumbers> {
  await getUser(deps, scope, userId);
  const rows = await repo.listAssignedNumbers(deps.db, scope.companyId, userId);
  return { userId, restricted: rows.length > 0, callbackNumbers: rows.map(toCallbackNumber) };
}

/** Restricts a user to the given numbers of the company; an empty list lifts the restriction. */
export async function setUserCallbackNumbers(
  deps: AppDeps,
  scope: CompanyScope,
  actor: Actor,
  userId: string,
  callbackNumberIds: string[],
): Promise<UserCallbackNumbers> {
  const user = await getChangeableUser(deps, scope, userId);
  await deps.db.transaction().execute(async (trx) => {
    // same lock as number writes, so a number cannot be deleted between the check and the insert
    const company = await repo.findCompanySettings(trx, scope.companyId, true);
    if (!company) throw notFound('고객사');
    const known = new Set(await repo.findNumberIds(trx, scope.companyId, callbackNumberIds));
    if (callbackNumberIds.some((id) => !known.has(id))) throw notFound('회신번호');
    await repo.replaceAssignments(trx, scope.companyId, userId, callbackNumberIds);
    await recordAudit(trx, actor, {
      action: 'user.callback_numbers.set',
      companyId: scope.companyId,
      targetType: 'user',
      targetId: userId,
      details: { loginId: user.loginId, callbackNumberIds },
    });
  });
  return getUserCallbackNumbers(deps, scope, userId);
}

/**
 * The numbers the scope may send with: a user with assignments gets only those, everyone else
 * every number of the company. The campaigns module builds its callback pickers and checks on this.
 */
export async function listUsableCallbackNumbers(deps: AppDeps, scope: CompanyScope): Promise<UsableCallbackNumberList> {
  const assigned = scope.userId ? await repo.listAssignedNumbers(deps.db, scope.companyId, scope.userId) : [];
  if (assigned.length > 0) return { callbackNumbers: assigned.map(toCallbackNumber), restricted: true };
  const rows = await repo.listNumbers(deps.db, scope.companyId);
  return { callbackNumbers: rows.map(toCallbackNumber), restricted: false };
}

/**
 * Checks that a callback number (any notation) is registered to the company and usable by the
 * scope; returns the registered number. 400 otherwise, naming the number.
 */
export async function assertCallbackUsable(deps: AppDeps, scope: CompanyScope, number: string): Promise<CallbackNumber> {
  const digits = normalizeCallbackNumber(number);
  if (digits === null) throw badRequest(`회신번호 형식이 올바르지 않습니다: ${number}`);
  const { callbackNumbers, restricted } = await listUsableCallbackNumbers(deps, scope);
  const found = callbackNumbers.find((n) => n.number === digits);
  if (found) return found;
  throw badRequest(
    restricted
      ? `사용이 허용되지 않은 회신번호입니다: ${formatPhone(digits)} (배정된 회신번호만 사용할 수 있습니다.)`
      : `등록되지 않은 회신번호입니다: ${formatPhone(digits)} (사전 등록된 회신번호만 사용할 수 있습니다.)`,
    { number: digits },
  );
}
