import { maskPhone, type UpdateUserBody, type User } from '@hanjullo/shared';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { CompanyScope } from '../scope/scope.js';
import type { CompanyRef, UserRow } from './users.repo.js';

export const LOGIN_ID_TAKEN = '이미 사용 중인 아이디입니다.';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    companyId: row.company_id,
    loginId: row.login_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    userType: row.user_type,
    status: row.status,
    storeCodes: row.store_codes,
    mustChangePassword: row.must_change_password,
    lastLoginAt: iso(row.last_login_at),
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
  };
}

/** Only super admins and company admins manage users (the routes admit no one else). */
export function assertManager(scope: CompanyScope): void {
  if (scope.role !== 'super_admin' && scope.role !== 'company_admin') throw forbidden();
}

export function requireCompany(company: CompanyRef | undefined): CompanyRef {
  if (!company) throw notFound('고객사');
  return company;
}

export function requireUser(user: UserRow | undefined): UserRow {
  if (!user) throw notFound('사용자');
  return user;
}

/**
 * Company admins change `user`-type accounts only: never an admin (their own account included);
 * admin accounts are the super admin's to manage.
 */
export function assertMayChange(scope: CompanyScope, user: UserRow): void {
  if (scope.role === 'super_admin') return;
  if (user.id === scope.userId) {
    throw forbidden('자신의 계정은 이 화면에서 변경할 수 없습니다. 내 정보에서 비밀번호를 변경해 주세요.');
  }
  if (user.user_type !== 'user') {
    throw forbidden('관리자 계정은 슈퍼관리자만 변경할 수 있습니다.');
  }
}

export function assertMayGrantType(scope: CompanyScope, userType: 'admin' | 'user' | undefined): void {
  if (scope.role !== 'super_admin' && userType === 'admin') {
    throw forbidden('고객사 관리자는 일반 사용자만 관리할 수 있습니다. 관리자 계정은 슈퍼관리자에게 요청해 주세요.');
  }
}

/** A user's stores must be stores of the company. */
export function assertStoreCodes(company: CompanyRef, storeCodes: string[] | undefined): void {
  if (!storeCodes) return;
  const known = new Set(company.store_codes);
  const unknown = storeCodes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw badRequest(`고객사에 등록되지 않은 매장 코드입니다: ${unknown.join(', ')}`, { unknownStoreCodes: unknown });
  }
}

export function assertCanAddUser(company: CompanyRef, userCount: number): void {
  if (company.status === 'terminated') throw conflict('해지된 고객사에는 사용자를 추가할 수 없습니다.');
  if (userCount >= company.max_users) {
    throw conflict(
      `사용자 수 한도(${company.max_users}명)에 도달하여 더 추가할 수 없습니다. 사용하지 않는 계정을 삭제하거나 한도 변경을 요청해 주세요.`,
      { maxUsers: company.max_users, userCount },
    );
  }
}

/** What the audit log keeps of a user: no password, phone masked. */
export function auditView(row: Pick<UserRow, 'login_id' | 'name' | 'email' | 'phone' | 'user_type' | 'status' | 'store_codes'>) {
  return {
    loginId: row.login_id,
    name: row.name,
    email: row.email,
    phone: row.phone ? maskPhone(row.phone) : null,
    userType: row.user_type,
    status: row.status,
    storeCodes: row.store_codes,
  };
}

/** Changes that must end the user's sessions: the cached session carries role, scope and status. */
export function endsSessions(before: UserRow, body: UpdateUserBody): boolean {
  const storeCodesChanged =
    body.storeCodes !== undefined &&
    (body.storeCodes.length !== before.store_codes.length || body.storeCodes.some((c) => !before.store_codes.includes(c)));
  return (
    (body.status !== undefined && body.status !== 'active') ||
    (body.userType !== undefined && body.userType !== before.user_type) ||
    storeCodesChanged
  );
}
