import type pg from 'pg';
import { CUSTOMER_COLUMNS } from '../src/modules/customers/customer-writer.repo.js';

/**
 * The raw baseline of P3 and P5: the customer rows our path stored, copied as they are and written
 * again into a fresh company of the same table (same indexes, same constraints) by a bare
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE` in 1,000-row batches — what the database
 * itself needs for the same rows, with none of our parsing, normalising, rules or HTTP.
 */
export const RAW_BATCH = 1000;

const NAMES = CUSTOMER_COLUMNS.map(([name]) => name);
type Snapshot = { phones: string[]; columns: Array<Array<string | null>> };

/** Every stored customer of `companyId` as text, in key order (dates and numbers as PG prints them). */
export async function snapshotCustomers(pool: pg.Pool, companyId: string): Promise<Snapshot> {
  const res = await pool.query<string[]>({
    text: `SELECT phone, ${NAMES.map((n) => `${n}::text`).join(', ')} FROM customers WHERE company_id = $1 ORDER BY phone, store_code NULLS FIRST`,
    values: [companyId],
    rowMode: 'array',
  });
  const columns = NAMES.map(() => [] as Array<string | null>);
  const phones: string[] = [];
  for (const row of res.rows) {
    phones.push(row[0]!);
    for (let c = 0; c < NAMES.length; c++) columns[c]!.push(row[c + 1] ?? null);
  }
  return { phones, columns };
}

const UPSERT = `
  INSERT INTO customers AS c (company_id, phone, ${NAMES.join(', ')}, source)
  SELECT $1::uuid, t.*, $2 FROM unnest($3::text[], ${CUSTOMER_COLUMNS.map(([, type], i) => `$${i + 4}::${type}[]`).join(', ')})
    AS t(phone, ${NAMES.join(', ')})
  ON CONFLICT (company_id, COALESCE(store_code, '__NONE__'), phone) DO UPDATE
  SET ${NAMES.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}, updated_at = now()`;

/** Writes the snapshot into `companyId` over `lanes` connections; returns the wall seconds of the writes. */
export async function rawUpsert(pool: pg.Pool, companyId: string, source: string, snap: Snapshot, lanes: number): Promise<number> {
  const batches = Math.ceil(snap.phones.length / RAW_BATCH);
  const clients = await Promise.all(Array.from({ length: lanes }, () => pool.connect()));
  try {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let b = next++; b < batches; b = next++) {
          const from = b * RAW_BATCH;
          const to = from + RAW_BATCH;
          await client.query(UPSERT, [companyId, source, snap.phones.slice(from, to), ...snap.columns.map((col) => col.slice(from, to))]);
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  } finally {
    for (const c of clients) c.release();
  }
}

export async function countCustomers(pool: pg.Pool, companyId: string): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM customers WHERE company_id = $1', [companyId])).rows[0]!.n);
}



/** `best (spread)` helper for printing several runs. */
export const secs = (ms: number) => (ms / 1000).toFixed(2);
