import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { TestContactsTable } from '../../db/schema.js';

export type TestContactRow = Selectable<TestContactsTable>;

/** The user's personal contacts and the company's shared ones. */
export async function listTestContacts(db: DbOrTrx, companyId: string, userId: string | null): Promise<TestContactRow[]> {
  return db.selectFrom('test_contacts').selectAll().where('company_id', '=', companyId)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)])))
    .orderBy('created_at').execute();
}

export async function insertTestContact(db: DbOrTrx, row: { company_id: string; user_id: string | null; name: string; phone: string }): Promise<TestContactRow> {
  return db.insertInto('test_contacts').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTestContact(db: DbOrTrx, companyId: string, id: string): Promise<TestContactRow | undefined> {
  return db.selectFrom('test_contacts').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function deleteTestContact(db: DbOrTrx, companyId: string, id: string): Promise<void> {
  await db.deleteFrom('test_contacts').where('company_id', '=', companyId).where('id', '=', id).execute();
}
