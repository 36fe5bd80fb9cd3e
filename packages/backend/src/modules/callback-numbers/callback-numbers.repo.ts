import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { CallbackNumbersTable, Database } from '../../db/schema.js';
import type { DbOrTrx } from '../audit/audit.service.js';

export type { DbOrTrx };

export type { UserCallbackNumbersTable } from '../../db/schema.js';
const q = (db: DbOrTrx): Kysely<Database> => db;

export type CallbackNumberRow = Selectable<CallbackNumbersTable>;

export interface CompanyCallbackSettings {
  id: string;
  allow_callback_self_register: boolean;
}

/**
 * The company of the numbers. Every write locks it FOR UPDATE first: writes of one company are
 * serialised, which keeps "exactly one default" true without a unique-index race between the
 * unset-old / set-new steps of concurrent requests.
 */
export async function findCompanySettings(db: DbOrTrx, companyId: string, lock = false): Promise<CompanyCallbackSettings | undefined> {
  const query = db.selectFrom('companies').select(['id', 'allow_callback_self_register']).where('id', '=', companyId);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Default first, then in registration order. */
export async function listNumbers(db: DbOrTrx, companyId: string): Promise<CallbackNumberRow[]> {
  return db
    .selectFrom('callback_numbers')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findNumber(db: DbOrTrx, companyId: string, id: string): Promise<CallbackNumberRow | undefined> {
  return db.selectFrom('callback_numbers').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function findNumberByDigits(db: DbOrTrx, companyId: string, number: string): Promise<CallbackNumberRow | undefined> {
  return db
    .selectFrom('callback_numbers')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export async function insertNumber(db: DbOrTrx, row: Insertable<CallbackNumbersTable>): Promise<CallbackNumberRow> {
  return db.insertInto('callback_numbers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateNumber(
  db: DbOrTrx,
  companyId: string,
  id: string,
  patch: Updateable<CallbackNumbersTable>,
): Promise<CallbackNumberRow> {
  return db
    .updateTable('callback_numbers')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteNumber(db: DbOrTrx, companyId: string, id: string): Promise<void> {
  await db.deleteFrom('callback_numbers').where('company_id', '=', companyId).where('id', '=', id).execute();
}

/** Clears the company's default (before another number becomes it). */
export async function clearDefault(db: DbOrTrx, companyId: string): Promise<void> {
  await db
    .updateTable('callback_numbers')
    .set({ is_default: false, updated_at: sql<Date>`now()` })
    .where('company_id', '=', companyId)
    .where('is_default', '=', true)
    .execute();
}

/** The longest-registered number: the one promoted when the default is deleted. */
export async function findOldestNumber(db: DbOrTrx, companyId: string): Promise<CallbackNumberRow | undefined> {
  return db
    .selectFrom('callback_numbers')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Numbers a user is restricted to (empty = unrestricted). */
export async function listAssignedNumbers(db: DbOrTrx, companyId: string, userId: string): Promise<CallbackNumberRow[]> {
  return q(db)
    .selectFrom('user_callback_numbers as a')
    .innerJoin('callback_numbers as n', (join) =>
      join.onRef('n.company_id', '=', 'a.company_id').onRef('n.id', '=', 'a.callback_number_id'),
    )
    .selectAll('n')
    .where('a.company_id', '=', companyId)
    .where('a.user_id', '=', userId)
    .orderBy('n.is_default', 'desc')
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

/** Which of the ids are numbers of this company. */
export async function findNumberIds(db: DbOrTrx, companyId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('callback_numbers').select('id').where('company_id', '=', companyId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function replaceAssignments(db: DbOrTrx, companyId: string, userId: string, numberIds: string[]): Promise<void> {
  await q(db).deleteFrom('user_callback_numbers').where('company_id', '=', companyId).where('user_id', '=', userId).execute();
  if (numberIds.length === 0) return;
  await q(db)
    .insertInto('user_callback_numbers')
    .values(numberIds.map((id) => ({ company_id: companyId, user_id: userId, callback_number_id: id })))
    .execute();
}
