import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { OptOutSource } from '../../db/schema.js';

/** Inserts phones not yet on the list; returns the phones that were newly added. */
export async function insertOptOuts(
  db: DbOrTrx,
  companyId: string,
  phones: readonly string[],
  source: OptOutSource,
  meta: { createdBy: string | null; storeCode: string | null; note: string | null },
): Promise<string[]> {
  if (phones.length === 0) return [];
  const rows = await sql<{ phone: string }>`
    INSERT INTO opt_outs (company_id, phone, source, store_code, note, created_by)
    SELECT ${companyId}::uuid, p, ${source}, ${meta.storeCode}, ${meta.note}, ${meta.createdBy}::uuid
    FROM unnest(${[...new Set(phones)]}::text[]) AS p
    ON CONFLICT (company_id, phone) DO NOTHING
    RETURNING phone`.execute(db);
  return rows.rows.map((r) => r.phone);
}

export async function findOptedOut(db: DbOrTrx, companyId: string, phones: readonly string[]): Promise<Set<string>> {
  if (phones.length === 0) return new Set();
  const rows = await sql<{ phone: string }>`
    SELECT o.phone FROM opt_outs o
    WHERE o.company_id = ${companyId} AND o.phone = ANY(${[...new Set(phones)]}::text[])`.execute(db);
  return new Set(rows.rows.map((r) => r.phone));
}

export interface OptOutFilter {
  /** Store codes the caller manages (null = every entry of the company). */
  storeCodes: string[] | null;
  /** Digits: a whole number (exact) or the last 4 digits (suffix). */
  phone?: { digits: string; mode: 'exact' | 'suffix' };
  source?: OptOutSource;
}

function listQuery(db: DbOrTrx, companyId: string, f: OptOutFilter) {
  let q = db.selectFrom('opt_outs as o').where('o.company_id', '=', companyId);
  if (f.storeCodes !== null) q = q.where('o.store_code', 'in', f.storeCodes.length ? f.storeCodes : ['']);
  if (f.source) q = q.where('o.source', '=', f.source);
  if (f.phone?.mode === 'exact') q = q.where('o.phone', '=', f.phone.digits);
  if (f.phone?.mode === 'suffix') q = q.where('o.phone', 'like', `%${f.phone.digits}`);
  return q;
}

const ITEM_COLUMNS = ['o.phone', 'o.source', 'o.store_code', 'o.note', 'o.created_by', 'o.created_at'] as const;

/** Newest first, paged in SQL, with the name of the user who added the entry. */
export async function listOptOutRows(db: DbOrTrx, companyId: string, f: OptOutFilter, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    listQuery(db, companyId, f)
      .leftJoin('users as u', 'u.id', 'o.created_by')
      .select([...ITEM_COLUMNS, 'u.name as created_by_name'])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.phone')
      .limit(limit)
      .offset(offset)
      .execute(),
    listQuery(db, companyId, f).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type OptOutRow = Awaited<ReturnType<typeof listOptOutRows>>['rows'][number];

export async function findOptOutRow(db: DbOrTrx, companyId: string, phone: string): Promise<OptOutRow | undefined> {
  return db
    .selectFrom('opt_outs as o')
    .leftJoin('users as u', 'u.id', 'o.created_by')
    .select([...ITEM_COLUMNS, 'u.name as created_by_name'])
    .where('o.company_id', '=', companyId)
    .where('o.phone', '=', phone)
    .executeTakeFirst();
}

/** Keyset page by phone for the CSV export (never the whole list in memory). */
export async function listOptOutPage(db: DbOrTrx, companyId: string, storeCodes: string[] | null, afterPhone: string, limit: number) {
  return listQuery(db, companyId, { storeCodes })
    .select(['o.phone', 'o.source', 'o.store_code', 'o.note', 'o.created_at'])
    .where('o.phone', '>', afterPhone)
    .orderBy('o.phone')
    .limit(limit)
    .execute();
}

export async function deleteOptOutRow(db: DbOrTrx, companyId: string, phone: string) {
  return db
    .deleteFrom('opt_outs')
    .where('company_id', '=', companyId)
    .where('phone', '=', phone)
    .returning(['phone', 'source', 'store_code', 'created_at'])
    .executeTakeFirst();
}
