import { sql, type RawBuilder } from 'kysely';
import { CUSTOM_FIELD_KEYS } from '@hanjullo/shared';
import type { RecordSource } from '../../db/schema.js';
import type { DbOrTrx } from '../audit/audit.service.js';

/** Customer columns the writer fills, with the Postgres array type their values travel in. */
export const CUSTOMER_COLUMNS = [
  ['name', 'text'], ['gender', 'text'], ['birth_date', 'date'], ['birth_year', 'smallint'], ['birth_month_day', 'text'],
  ['email', 'text'], ['address', 'text'], ['region', 'text'], ['grade', 'text'], ['points', 'integer'],
  ['store_code', 'text'], ['store_name', 'text'], ['store_phone', 'text'], ['registered_store', 'text'],
  ['registration_type', 'text'], ['registered_at', 'date'], ['recent_purchase_date', 'date'],
  ['recent_purchase_amount', 'numeric'], ['recent_purchase_store', 'text'], ['total_purchase_amount', 'numeric'],
  ['purchase_count', 'integer'], ['sms_opt_in', 'boolean'],
  ...CUSTOM_FIELD_KEYS.map((key) => [key, 'text'] as const),
] as const;
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number][0];
type Cell = string | number | boolean | null;

/** Columns that are NOT NULL with a default: on update they change only when the batch provides them. */
export interface ProvidedNotNull {
  totalPurchaseAmount: boolean;
  purchaseCount: boolean;
  /** Only manual edits may change consent on an existing row; sync and upload never do. */
  smsOptIn: boolean;
}

// identifiers below come from the constant list above, never from input
const id = (name: string) => sql.ref(name);
const raw = (s: string) => sql.raw(s);

function updateExpression(column: CustomerColumn, provided: ProvidedNotNull): RawBuilder<unknown> {
  if (column === 'total_purchase_amount') return provided.totalPurchaseAmount ? sql`EXCLUDED.total_purchase_amount` : sql`c.total_purchase_amount`;
  if (column === 'purchase_count') return provided.purchaseCount ? sql`EXCLUDED.purchase_count` : sql`c.purchase_count`;
  if (column === 'sms_opt_in') return provided.smsOptIn ? sql`EXCLUDED.sms_opt_in` : sql`c.sms_opt_in`;
  // incoming non-null overwrites; a missing value never erases
  return sql`COALESCE(${raw(`EXCLUDED.${column}`)}, ${raw(`c.${column}`)})`;
}

/**
 * One statement for up to ~1,000 rows: INSERT … SELECT FROM unnest(…) ON CONFLICT on the customer
 * key (company, COALESCE(store_code,'__NONE__'), phone). Rows whose stored values would not change
 * are skipped by the WHERE (no dead tuple, counted as unchanged); `source` keeps the value of the
 * first writer. Returns the phones written and whether each was inserted (`xmax = 0`).
 */
export async function upsertCustomerRows(
  db: DbOrTrx,
  companyId: string,
  source: RecordSource,
  phones: string[],
  columns: Record<CustomerColumn, Cell[]>,
  provided: ProvidedNotNull,
): Promise<Array<{ phone: string; inserted: boolean }>> {
  const names = CUSTOMER_COLUMNS.map(([name]) => name);
  const arrays = CUSTOMER_COLUMNS.map(([name, type]) => sql`${columns[name]}::${raw(`${type}[]`)}`);
  const selectList = names.map((n) =>
    n === 'total_purchase_amount' || n === 'purchase_count' ? sql`COALESCE(${raw(`t.${n}`)}, 0)` : raw(`t.${n}`),
  );
  const setList = names.map((n) => sql`${id(n)} = ${updateExpression(n, provided)}`);
  const current = names.map((n) => raw(`c.${n}`));
  const next = names.map((n) => updateExpression(n, provided));
  const result = await sql<{ phone: string; inserted: boolean }>`
    INSERT INTO customers AS c (company_id, phone, ${sql.join(names.map(id))}, source)
    SELECT ${companyId}::uuid, t.phone, ${sql.join(selectList)}, ${source}
    FROM unnest(${phones}::text[], ${sql.join(arrays)}) AS t(phone, ${sql.join(names.map(id))})
    ON CONFLICT (company_id, COALESCE(store_code, '__NONE__'), phone) DO UPDATE
    SET ${sql.join(setList)}, updated_at = now()
    WHERE ROW(${sql.join(current)}) IS DISTINCT FROM ROW(${sql.join(next)})
    RETURNING c.phone, (c.xmax = 0) AS inserted`.execute(db);
  return result.rows;
}

export interface PurchaseRow {
  customer_phone: string;
  purchase_date: string;
  store_code: string | null;
  store_name: string | null;
  product_code: string | null;
  product_name: string | null;
  quantity: number;
  unit_price: number | null;
  total_amount: number;
  natural_key: string;
}

/** Inserts purchases; a natural key already stored (a re-sent batch) is skipped. Returns inserted phones. */
export async function insertPurchaseRows(db: DbOrTrx, companyId: string, source: RecordSource, rows: PurchaseRow[]): Promise<string[]> {
  const col = <K extends keyof PurchaseRow>(k: K) => rows.map((r) => r[k]);
  const result = await sql<{ customer_phone: string }>`
    INSERT INTO purchases (company_id, customer_phone, purchase_date, store_code, store_name, product_code, product_name,
      quantity, unit_price, total_amount, natural_key, source)
    SELECT ${companyId}::uuid, t.*, ${source}
    FROM unnest(${col('customer_phone')}::text[], ${col('purchase_date')}::date[], ${col('store_code')}::text[],
      ${col('store_name')}::text[], ${col('product_code')}::text[], ${col('product_name')}::text[],
      ${col('quantity')}::integer[], ${col('unit_price')}::numeric[], ${col('total_amount')}::numeric[],
      ${col('natural_key')}::text[])
      AS t(customer_phone, purchase_date, store_code, store_name, product_code, product_name, quantity, unit_price, total_amount, natural_key)
    ON CONFLICT (company_id, natural_key) DO NOTHING
    RETURNING customer_phone`.execute(db);
  return result.rows.map((r) => r.customer_phone);
}

/**
 * Links unlinked purchases to a customer with the same phone: the one with the same store code,
 * else the one without a store code, else the oldest. Limited to `phones` when given.
 * Returns the number of purchases linked.
 */
export async function linkPurchases(db: DbOrTrx, companyId: string, phones?: readonly string[]): Promise<number> {
  // the usual case — no orphan purchases at all — costs one index probe instead of a join per phone
  const orphan = await sql`SELECT 1 FROM purchases WHERE company_id = ${companyId} AND customer_id IS NULL LIMIT 1`.execute(db);
  if (orphan.rows.length === 0) return 0;
  const phoneFilter = phones ? sql`AND p2.customer_phone = ANY(${[...phones]}::text[])` : sql``;
  const result = await sql`
    UPDATE purchases p SET customer_id = m.customer_id
    FROM (
      SELECT DISTINCT ON (p2.id) p2.id, c.id AS customer_id
      FROM purchases p2
      JOIN customers c ON c.company_id = p2.company_id AND c.phone = p2.customer_phone
      WHERE p2.company_id = ${companyId} AND p2.customer_id IS NULL ${phoneFilter}
      ORDER BY p2.id, (c.store_code IS NOT DISTINCT FROM p2.store_code) DESC, (c.store_code IS NULL) DESC, c.created_at, c.id
    ) m
    WHERE p.company_id = ${companyId} AND p.id = m.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Recomputes recent purchase date/amount/store, total and count from purchases (all, or `phones`' customers). */
export async function recomputeAggregates(db: DbOrTrx, companyId: string, phones?: readonly string[]): Promise<void> {
  const customerFilter = phones
    ? sql`AND customer_id IN (SELECT id FROM customers WHERE company_id = ${companyId} AND phone = ANY(${[...phones]}::text[]))`
    : sql`AND customer_id IS NOT NULL`;
  await sql`
    UPDATE customers c SET
      total_purchase_amount = a.total, purchase_count = a.cnt,
      recent_purchase_date = a.last_date, recent_purchase_amount = a.last_amount,
      recent_purchase_store = a.last_store, updated_at = now()
    FROM (
      SELECT customer_id, sum(total_amount) AS total, count(*)::int AS cnt,
        (array_agg(purchase_date ORDER BY purchase_date DESC, id DESC))[1] AS last_date,
        (array_agg(total_amount ORDER BY purchase_date DESC, id DESC))[1] AS last_amount,
        (array_agg(store_name ORDER BY purchase_date DESC, id DESC))[1] AS last_store
      FROM purchases WHERE company_id = ${companyId} ${customerFilter}
      GROUP BY customer_id
    ) a
    WHERE c.company_id = ${companyId} AND c.id = a.customer_id`.execute(db);
}
