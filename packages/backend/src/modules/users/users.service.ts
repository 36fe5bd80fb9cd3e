import {
  maskPhone,
  type CreateUserBody,
  type CreateUserResponse,
  type ListUsersQuery,
  type ResetPasswordBody,
  type ResetPasswordResponse,
  type UpdateUserBody,
  type User,
  type UserList,
  type UserType,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { AppError, conflict, validationFailed } from '../../errors.js';
import { PASSWORD_MAX, hashPassword } from '../../security/passwords.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { revokeSubjectSessions } from '../auth/sessions.service.js';
import { sendTemporaryPassword } from '../auth/auth-sms.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './users.repo.js';
import {
  LOGIN_ID_TAKEN,
  assertCanAddUser,
  assertManager,
  assertMayChange,
  assertMayGrantType,
  assertStoreCodes,
  auditView,
  endsSessions,
  requireCompany,
  requireUser,
  toUser,
} from './users.rules.js';
import { generateTemporaryPassword } from './temporary-password.js';

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

export async function listUsers(deps: AppDeps, scope: CompanyScope, query: ListUsersQuery): Promise<UserList> {
  assertManager(scope);
  const company = requireCompany(await repo.findCompanyRef(deps.db, scope.companyId));
  const filter = { q: query.q || undefined, status: query.status, userType: query.userType };
  const [{ rows, total }, userCount] = await Promise.all([
    repo.listUsers(deps.db, scope.companyId, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    repo.countLiveUsers(deps.db, scope.companyId),
  ]);
  return { users: rows.map(toUser), total, page: query.page, pageSize: query.pageSize, maxUsers: company.max_users, userCount };
}

/** Any live user of the scope's company (company admins may look at admins, not change them). */
export async function getUser(deps: AppDeps, scope: CompanyScope, userId: string): Promise<User> {
  assertManager(scope);
  return toUser(requireUser(await repo.findUser(deps.db, scope.companyId, userId)));
}

/**
 * The user a manager is about to change something of (used by other modules, e.g. callback-number
 * restrictions): 404 outside the scope's company, 403 when a company admin may not change it.
 */
export async function getChangeableUser(deps: AppDeps, scope: CompanyScope, userId: string): Promise<{ id: string; loginId: string; userType: UserType }> {
  assertManager(scope);
  const user = requireUser(await repo.findUser(deps.db, scope.companyId, userId));
  assertMayChange(scope, user);
  return { id: user.id, loginId: user.login_id, userType: user.user_type };
}

export async function createUser(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateUserBody): Promise<CreateUserResponse> {
  assertManager(scope);
  assertMayGrantType(scope, body.userType);
  // bcrypt reads 72 bytes: 72 characters of Hangul would be 216 (the shared rule counts characters)
  if (body.password && Buffer.byteLength(body.password) > PASSWORD_MAX) {
    throw validationFailed(`비밀번호가 너무 깁니다. (최대 ${PASSWORD_MAX}바이트, 한글은 글자당 3바이트)`);
  }
  const temporaryPassword = body.password ? null : generateTemporaryPassword();
  // bcrypt before the transaction: no row lock is held while hashing
  const passwordHash = await hashPassword(body.password ?? (temporaryPassword as string), deps.config.passwordRounds);
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      // the company row lock serialises creations, so two requests cannot both take the last seat
      const company = requireCompany(await repo.findCompanyRef(trx, scope.companyId, true));
      assertStoreCodes(company, body.storeCodes);
      assertCanAddUser(company, await repo.countLiveUsers(trx, company.id));
      if (await repo.isLoginIdTaken(trx, body.loginId)) throw conflict(LOGIN_ID_TAKEN);
      const created = await repo.insertUser(trx, {
        company_id: company.id,
        login_id: body.loginId,
        password_hash: passwordHash,
        name: body.name,
        email: body.email ?? null,
        phone: body.phone ?? null,
        user_type: body.userType,
        status: body.status,
        store_codes: body.storeCodes,
        must_change_password: temporaryPassword !== null || body.mustChangePassword,
      });
      await recordAudit(trx, actor, {
        action: 'user.create',
        companyId: company.id,
        targetType: 'user',
        targetId: created.id,
        details: { ...auditView(created), passwordGenerated: temporaryPassword !== null },
      });
      return created;
    });
    return { user: toUser(row), temporaryPassword };
  } catch (err) {
    // two requests for the same new login id: the unique index decides
    if (isUniqueViolation(err)) throw conflict(LOGIN_ID_TAKEN);
    throw err;
  }
}

export async function updateUser(deps: AppDeps, scope: CompanyScope, actor: Actor, userId: string, body: UpdateUserBody): Promise<User> {
  assertManager(scope);
  assertMayGrantType(scope, body.userType);
  const { before, after } = await deps.db.transaction().execute(async (trx) => {
    const company = requireCompany(await repo.findCompanyRef(trx, scope.companyId));
    const current = requireUser(await repo.findUser(trx, scope.companyId, userId, true));
    assertMayChange(scope, current);
    assertStoreCodes(company, body.storeCodes);
    const updated = await repo.updateUser(trx, scope.companyId, userId, {
      name: body.name,
      email: body.email,
      phone: body.phone,
      user_type: body.userType,
      status: body.status,
      store_codes: body.storeCodes,
    });
    await recordAudit(trx, actor, {
      action: 'user.update',
      companyId: scope.companyId,
      targetType: 'user',
      targetId: userId,
      details: { before: auditView(current), after: auditView(updated) },
    });
    return { before: current, after: updated };
  });
  // the cached session carries role, stores and status: lock/dormancy/role/store changes sign out
  if (endsSessions(before, body)) await revokeSubjectSessions(deps, { kind: 'user', id: userId }, 'admin');
  return toUser(after);
}

/**
 * Deleting a user is a soft delete (see migration 2026_11_29_2111): the row stays for sessions,
 * audit entries and campaigns that point at it; the login id is freed for reuse, contact details
 * are removed, the user no longer counts against `max_users`, and every session ends.
 */
export async function deleteUser(deps: AppDeps, scope: CompanyScope, actor: Actor, userId: string): Promise<void> {
  assertManager(scope);
  await deps.db.transaction().execute(async (trx) => {
    const user = requireUser(await repo.findUser(trx, scope.companyId, userId, true));
    assertMayChange(scope, user);
    await repo.markUserDeleted(trx, scope.companyId, userId, deps.now());
    await recordAudit(trx, actor, {
      action: 'user.delete',
      companyId: scope.companyId,
      targetType: 'user',
      targetId: userId,
      details: auditView(user),
    });
  });
  await revokeSubjectSessions(deps, { kind: 'user', id: userId }, 'admin');
}

/**
 * A new CSPRNG temporary password, shown once in the response and stored as bcrypt; the user must
 * change it at next sign-in and every session of the user ends. When the user has a phone it is
 * also sent by SMS on the auth line; a failed send does not undo the reset (the manager still sees
 * the password) but is reported and audited.
 */
export async function resetUserPassword(
  deps: AppDeps,
  scope: CompanyScope,
  actor: Actor,
  userId: string,
  body: ResetPasswordBody,
): Promise<ResetPasswordResponse> {
  assertManager(scope);
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword, deps.config.passwordRounds);
  const user = await deps.db.transaction().execute(async (trx) => {
    const current = requireUser(await repo.findUser(trx, scope.companyId, userId, true));
    assertMayChange(scope, current);
    await repo.updateUser(trx, scope.companyId, userId, { password_hash: passwordHash, must_change_password: true });
    await recordAudit(trx, actor, {
      action: 'user.password_reset',
      companyId: scope.companyId,
      targetType: 'user',
      targetId: userId,
      details: { loginId: current.login_id, sendSms: body.sendSms && current.phone !== null },
    });
    return current;
  });
  const revokedSessions = await revokeSubjectSessions(deps, { kind: 'user', id: userId }, 'password_changed');
  const sms = await sendPasswordSms(deps, actor, scope, user, temporaryPassword, body.sendSms);
  return { temporaryPassword, mustChangePassword: true, revokedSessions, ...sms };
}

async function sendPasswordSms(
  deps: AppDeps,
  actor: Actor,
  scope: CompanyScope,
  user: repo.UserRow,
  password: string,
  requested: boolean,
): Promise<Pick<ResetPasswordResponse, 'smsSent' | 'smsTo' | 'smsError'>> {
  if (!requested) return { smsSent: false, smsTo: null, smsError: '문자 발송을 요청하지 않았습니다.' };
  if (!user.phone) return { smsSent: false, smsTo: null, smsError: '등록된 휴대폰 번호가 없어 문자를 보내지 않았습니다.' };
  const smsTo = maskPhone(user.phone);
  try {
    await sendTemporaryPassword(deps, user.phone, password, user.id);
    return { smsSent: true, smsTo, smsError: null };
  } catch (err) {
    deps.logger.warn({ err, userId: user.id }, 'temporary password SMS failed');
    const smsError = err instanceof AppError ? err.message : '문자 발송에 실패했습니다. 임시 비밀번호를 직접 전달해 주세요.';
    await recordAudit(deps.db, actor, {
      action: 'user.password_reset_sms_failed',
      companyId: scope.companyId,
      targetType: 'user',
      targetId: user.id,
      details: { loginId: user.login_id, error: smsError },
    });
    return { smsSent: false, smsTo, smsError };
  }
}
