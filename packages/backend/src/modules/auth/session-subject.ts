import type { Role } from '@hanjullo/shared';

/** Who a session belongs to: what every authenticated request sees as `req.auth`. */
export interface SessionSubject {
  kind: 'user' | 'super_admin';
  id: string;
  role: Role;
  companyId: string | null;
  companyName: string | null;
  loginId: string;
  name: string;
  storeCodes: string[];
  mustChangePassword: boolean;
}

export function userSubjectOf(u: {
  id: string;
  company_id: string;
  company_name: string;
  user_type: 'admin' | 'user';
  login_id: string;
  name: string;
  store_codes: string[];
  must_change_password: boolean;
}): SessionSubject {
  return {
    kind: 'user',
    id: u.id,
    role: u.user_type === 'admin' ? 'company_admin' : 'company_user',
    companyId: u.company_id,
    companyName: u.company_name,
    loginId: u.login_id,
    name: u.name,
    storeCodes: u.store_codes,
    mustChangePassword: u.must_change_password,
  };
}

export function superAdminSubjectOf(a: { id: string; login_id: string; name: string; must_change_password: boolean }): SessionSubject {
  return {
    kind: 'super_admin',
    id: a.id,
    role: 'super_admin',
    companyId: null,
    companyName: null,
    loginId: a.login_id,
    name: a.name,
    storeCodes: [],
    mustChangePassword: a.must_change_password,
  };
}
