import type { Role } from '@hanjullo/shared';
import { notFound } from '../../errors.js';
import type { AuthContext } from '../auth/sessions.service.js';

/**
 * The one scope resolver. Every company-scoped query takes a `CompanyScope` and applies it in the
 * repo, so a forgotten scope is a type error rather than a leak.
 */
export interface CompanyScope {
  companyId: string;
  /** Store codes (brands) the caller is limited to; null = every store of the company. */
  storeCodes: string[] | null;
  /** The acting user (null for super admins). */
  userId: string | null;
  role: Role;
}

/**
 * Company users act in their own company only; asking for another company's object answers 404
 * (never 403, which would confirm it exists). Super admins name the company explicitly.
 */
export function companyScopeOf(auth: AuthContext, requestedCompanyId?: string): CompanyScope {
  if (auth.role === 'super_admin') {
    if (!requestedCompanyId) throw notFound('고객사');
    return { companyId: requestedCompanyId, storeCodes: null, userId: null, role: auth.role };
  }
  if (!auth.companyId || (requestedCompanyId !== undefined && requestedCompanyId !== auth.companyId)) {
    throw notFound('고객사');
  }
  const limited = auth.role === 'company_user' && auth.storeCodes.length > 0;
  return { companyId: auth.companyId, storeCodes: limited ? [...auth.storeCodes] : null, userId: auth.id, role: auth.role };
}

/** True when the scope may see a row of the given store; store-limited users see only their stores. */
export function scopeAllowsStore(scope: CompanyScope, storeCode: string | null): boolean {
  return scope.storeCodes === null || (storeCode !== null && scope.storeCodes.includes(storeCode));
}
