import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.js';
import type { DbOrTrx } from '../audit/audit.service.js';

export type { DbOrTrx };

export type LiveUsersTable = UsersTable;
const q = (db: DbOrTrx): Kysely<Database> => db;

export type UserRow = Omit<Selectable<LiveUsersTable>, 'password_hash'>;

const USER_COLUMNS = [
  'company_id', 'id', 'login_id', 'name', 'email', 'phone', 'user_type', 'status', 'must_change_password',
  'store_codes', 'line_group_id', 'last_login_at', 'password_changed_at', 'created_at', 'updated_at', 'deleted_at',
] as const;

export interface CompanyRef {
  id: string;
  name: string;
  status: string;
  max_users: number;
  store_codes: string[];
}

/** The company whose users are managed; FOR UPDATE serialises user creation (the max_users count). */
export async function findCompanyRef(db: DbOrTrx, companyId: string, lock = false): Promise<CompanyRef | undefined> {
  const query = db.selectFrom('companies').select(['id', 'name', 'status', 'max_users', 'store_codes']).where('id', '=', companyId);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Users that count against `max_users`: every type and status, deleted ones excluded. */
export async function countLiveUsers(db: DbOrTrx, companyId: string): Promise<number> {
  const row = await q(db)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Login ids are unique platform-wide; compared case-insensitively so `Kim` and `kim` never coexist. */
export async function isLoginIdTaken(db: DbOrTrx, loginId: string, exceptUserId?: string): Promise<boolean> {
  let query = q(db).selectFrom('users').select('id').where(sql<string>`lower(login_id)`, '=', loginId.toLowerCase());
  if (exceptUserId) query = query.where('id', '<>', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertUser(db: DbOrTrx, row: Insertable<UsersTable>): Promise<UserRow> {
  return q(db).insertInto('users').values(row).returning(USER_COLUMNS).executeTakeFirstOrThrow();
}

/** A live (not deleted) user of the company; FOR UPDATE when it is about to change. */
export async function findUser(db: DbOrTrx, companyId: string, userId: string, lock = false): Promise<UserRow | undefined> {
  const query = q(db)
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .where('deleted_at', 'is', null);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export interface UserFilter {
  q?: string;
  status?: UserRow['status'];
  userType?: UserRow['user_type'];
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: DbOrTrx, companyId: string, filter: UserFilter) {
  let query = q(db).selectFrom('users').where('company_id', '=', companyId).where('deleted_at', 'is', null);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.userType) query = query.where('user_type', '=', filter.userType);
  if (filter.q) {
    const pattern = `%${likeEscape(filter.q)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('login_id', 'ilike', pattern)]));
  }
  return query;
}

export async function listUsers(
  db: DbOrTrx,
  companyId: string,
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, companyId, filter).select(USER_COLUMNS).orderBy('created_at', 'desc').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    filtered(db, companyId, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function updateUser(
  db: DbOrTrx,
  companyId: string,
  userId: string,
  patch: Updateable<LiveUsersTable>,
): Promise<UserRow> {
  return q(db)
    .updateTable('users')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

/**
 * Soft delete: the row stays (sessions, audit entries and later campaigns point at it); the login id
 * is freed and the contact details are removed.
 */
export async function markUserDeleted(db: DbOrTrx, companyId: string, userId: string, now: Date): Promise<void> {
  await q(db)
    .updateTable('users')
    .set({
      deleted_at: now,
      status: 'dormant',
      email: null,
      phone: null,
      login_id: sql<string>`'deleted-' || replace(id::text, '-', '')`,
      updated_at: sql<Date>`now()`,
    })
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .execute();
}
