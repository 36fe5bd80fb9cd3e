import { sql, type Insertable, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { AddressBookEntriesTable, AddressBooksTable } from '../../db/schema.js';

export type AddressBookRow = Selectable<AddressBooksTable>;
export type AddressBookEntryRow = Omit<Selectable<AddressBookEntriesTable>, 'company_id' | 'book_id'>;
export type AddressBookEntryValues = AddressBookEntryRow;

/** The user's personal books and the company's shared ones, with their entry counts. */
export async function listBooks(db: DbOrTrx, companyId: string, userId: string | null): Promise<Array<AddressBookRow & { entry_count: number }>> {
  return db.selectFrom('address_books as b').selectAll('b')
    .select((eb) => eb.selectFrom('address_book_entries as e').whereRef('e.company_id', '=', 'b.company_id').whereRef('e.book_id', '=', 'b.id')
      .select(sql<number>`count(*)::int`.as('n')).as('entry_count'))
    .where('b.company_id', '=', companyId)
    .where((eb) => (userId === null ? eb('b.user_id', 'is', null) : eb.or([eb('b.user_id', 'is', null), eb('b.user_id', '=', userId)])))
    .orderBy('b.created_at').orderBy('b.id')
    .$narrowType<{ entry_count: number }>().execute();
}

export async function findBook(db: DbOrTrx, companyId: string, id: string): Promise<AddressBookRow | undefined> {
  return db.selectFrom('address_books').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function insertBook(db: DbOrTrx, row: Insertable<AddressBooksTable>): Promise<AddressBookRow> {
  return db.insertInto('address_books').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Entries go with the book (ON DELETE CASCADE). */
export async function deleteBook(db: DbOrTrx, companyId: string, id: string): Promise<void> {
  await db.deleteFrom('address_books').where('company_id', '=', companyId).where('id', '=', id).execute();
}

export async function countEntries(db: DbOrTrx, companyId: string, bookId: string): Promise<number> {
  const row = await db.selectFrom('address_book_entries').select(sql<number>`count(*)::int`.as('n'))
    .where('company_id', '=', companyId).where('book_id', '=', bookId).executeTakeFirstOrThrow();
  return row.n;
}

export async function listEntries(db: DbOrTrx, companyId: string, bookId: string, limit: number, offset: number): Promise<AddressBookEntryRow[]> {
  return db.selectFrom('address_book_entries').select(['phone', 'name', 'etc1', 'etc2', 'etc3'])
    .where('company_id', '=', companyId).where('book_id', '=', bookId)
    .orderBy('phone').limit(limit).offset(offset).execute();
}

/**
 * Insert or merge one chunk: a phone already in the book keeps its values where the new entry
 * leaves them empty. Returns how many rows were new (`xmax = 0` marks a fresh insert).
 */
export async function upsertEntries(db: DbOrTrx, companyId: string, bookId: string, rows: AddressBookEntryValues[]): Promise<number> {
  const col = (k: keyof AddressBookEntryValues) => rows.map((r) => r[k]);
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO address_book_entries (company_id, book_id, phone, name, etc1, etc2, etc3)
    SELECT ${companyId}::uuid, ${bookId}::uuid, u.phone, u.name, u.etc1, u.etc2, u.etc3
    FROM unnest(${col('phone')}::text[], ${col('name')}::text[], ${col('etc1')}::text[], ${col('etc2')}::text[], ${col('etc3')}::text[])
      AS u(phone, name, etc1, etc2, etc3)
    ON CONFLICT (company_id, book_id, phone) DO UPDATE SET
      name = COALESCE(EXCLUDED.name, address_book_entries.name),
      etc1 = COALESCE(EXCLUDED.etc1, address_book_entries.etc1),
      etc2 = COALESCE(EXCLUDED.etc2, address_book_entries.etc2),
      etc3 = COALESCE(EXCLUDED.etc3, address_book_entries.etc3)
    RETURNING (xmax = 0) AS inserted`.execute(db);
  return result.rows.filter((r) => r.inserted).length;
}

export async function deleteEntry(db: DbOrTrx, companyId: string, bookId: string, phone: string): Promise<number> {
  const result = await db.deleteFrom('address_book_entries')
    .where('company_id', '=', companyId).where('book_id', '=', bookId).where('phone', '=', phone).executeTakeFirst();
  return Number(result.numDeletedRows);
}
