import type { Db } from '../../db/postgres.js';

export interface UserSubjectRow {
  id: string;
  company_id: string;
  login_id: string;
  name: string;
  user_type: 'admin' | 'user';
  status: 'active' | 'locked' | 'dormant';
  must_change_password: boolean;
  store_codes: string[];
  password_hash: string;
  phone: string | null;
  company_name: string;
  company_status: 'trial' | 'active' | 'suspended' | 'terminated';
  session_timeout_minutes: number;
}

export interface SuperAdminSubjectRow {
  id: string;
  login_id: string;
  name: string;
  status: 'active' | 'locked';
  must_change_password: boolean;
  password_hash: string;
  phone: string;
}

const USER_COLUMNS = [
  'u.id',
  'u.company_id',
  'u.login_id',
  'u.name',
  'u.user_type',
  'u.status',
  'u.must_change_password',
  'u.store_codes',
  'u.password_hash',
  'u.phone',
  'c.name as company_name',
  'c.status as company_status',
  'c.session_timeout_minutes',
] as const;

export async function findUserByLogin(db: Db, loginId: string): Promise<UserSubjectRow | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('companies as c', 'c.id', 'u.company_id')
    .select(USER_COLUMNS)
    .where('u.login_id', '=', loginId)
    .executeTakeFirst();
}

export async function findUserById(db: Db, companyId: string, userId: string): Promise<UserSubjectRow | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('companies as c', 'c.id', 'u.company_id')
    .select(USER_COLUMNS)
    .where('u.company_id', '=', companyId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

const ADMIN_COLUMNS = ['id', 'login_id', 'name', 'status', 'must_change_password', 'password_hash', 'phone'] as const;

export async function findSuperAdminByLogin(db: Db, loginId: string): Promise<SuperAdminSubjectRow | undefined> {
  return db.selectFrom('super_admins').select(ADMIN_COLUMNS).where('login_id', '=', loginId).executeTakeFirst();
}

export async function findSuperAdminById(db: Db, id: string): Promise<SuperAdminSubjectRow | undefined> {
  return db.selectFrom('super_admins').select(ADMIN_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function markLoggedIn(db: Db, kind: 'user' | 'super_admin', id: string, now: Date): Promise<void> {
  if (kind === 'user') await db.updateTable('users').set({ last_login_at: now }).where('id', '=', id).execute();
  else await db.updateTable('super_admins').set({ last_login_at: now }).where('id', '=', id).execute();
}

export async function updatePasswordHash(db: Db, kind: 'user' | 'super_admin', id: string, hash: string, now: Date): Promise<void> {
  if (kind === 'user') {
    await db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
  } else {
    await db
      .updateTable('super_admins')
      .set({ password_hash: hash, must_change_password: false, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}
