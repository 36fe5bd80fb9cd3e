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
  const rows = await db
    .selectFrom('opt_outs')
    .select('phone')
    .where('company_id', '=', companyId)
    .where('phone', 'in', [...new Set(phones)])
    .execute();
  return new Set(rows.map((r) => r.phone));
}
