import { CompiledQuery, sql } from 'kysely';
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

/** Columns that are NOT NULL with a default: on update they change only when the batch provides them. */
export interface ProvidedNotNull {
  totalPurchaseAmount: boolean;
  purchaseCount: boolean;
  /** Only manual edits may change consent on an existing row; sync and upload never do. */
  smsOptIn: boolean;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
/** JSON escapes a PostgreSQL array literal would read differently (control characters, lone surrogates). */
const JSON_ONLY_ESCAPE = /\\[bfnrtu]/;
const isPlain = (v: unknown) =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) of `values`, read by PostgreSQL exactly as the
 * literal node-postgres builds for a JS array parameter (every element quoted, backslashes and
 * double quotes escaped, null and undefined as NULL) — without its per-element work: the writer
 * sends ~40 arrays of 1,000 values per chunk. Strings, finite numbers, booleans and nulls are
 * written by JSON.stringify (JSON escapes `"` and `\\` as the array syntax does; unquoted numbers,
 * booleans and `null` read the same), unless the JSON holds an escape the array syntax lacks.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  if (values.every(isPlain)) {
    const json = JSON.stringify(values);
    if (!JSON_ONLY_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  }
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    const text = typeof v === 'string' ? v : String(v);
    out += NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, '\\$&')}"` : `"${text}"`;
  }
  return `${out}}`;
}

function updateExpression(column: CustomerColumn, provided: ProvidedNotNull): string {
  if (column === 'total_purchase_amount') return provided.totalPurchaseAmount ? 'EXCLUDED.total_purchase_amount' : 'c.total_purchase_amount';
  if (column === 'purchase_count') return provided.purchaseCount ? 'EXCLUDED.purchase_count' : 'c.purchase_count';
  if (column === 'sms_opt_in') return provided.smsOptIn ? 'EXCLUDED.sms_opt_in' : 'c.sms_opt_in';
  // incoming non-null overwrites; a missing value never erases
  return `COALESCE(EXCLUDED.${column}, c.${column})`;
}

/**
 * The upsert statement for one combination of provided NOT NULL columns, built once (identifiers
 * come from the constant list above, never from input). Parameters: $1 company, $2 source,
 * $3 phones, then one array literal per CUSTOMER_COLUMNS entry.
 */
function upsertStatement(provided: ProvidedNotNull): string {
  const names = CUSTOMER_COLUMNS.map(([name]) => name);
  const arrays = CUSTOMER_COLUMNS.map(([, type], i) => `$${i + 4}::${type}[]`);
  const selectList = names.map((n) => (n === 'total_purchase_amount' || n === 'purchase_count' ? `COALESCE(t.${n}, 0)` : `t.${n}`));
  const quoted = names.map((n) => `"${n}"`);
  return `
    WITH written AS (
      INSERT INTO customers AS c (company_id, phone, ${quoted.join(', ')}, source)
      SELECT $1::uuid, t.phone, ${selectList.join(', ')}, $2
      FROM unnest($3::text[], ${arrays.join(', ')}) AS t(phone, ${quoted.join(', ')})
      ON CONFLICT (company_id, COALESCE(store_code, '__NONE__'), phone) DO UPDATE
      SET ${names.map((n) => `"${n}" = ${updateExpression(n, provided)}`).join(', ')}, updated_at = now()
      WHERE ROW(${names.map((n) => `c.${n}`).join(', ')}) IS DISTINCT FROM ROW(${names.map((n) => updateExpression(n, provided)).join(', ')})
      RETURNING c.phone, (c.xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated,
      CASE WHEN EXISTS (SELECT 1 FROM purchases WHERE company_id = $1::uuid AND customer_id IS NULL)
        THEN array_agg(phone) FILTER (WHERE inserted) END AS linkable
    FROM written`;
}
const statements = new Map<string, string>();

export interface UpsertedCounts {
  inserted: number;
  updated: number;
  /**
   * Phones of the inserted rows when the company has purchases not linked to a customer (they
   * may belong to these new customers), else null — the usual case costs no list at all.
   */
  linkable: string[] | null;
}

/**
 * One statement for up to ~1,000 rows: INSERT … SELECT FROM unnest(…) ON CONFLICT on the customer
 * key (company, COALESCE(store_code,'__NONE__'), phone). Rows whose stored values would not change
 * are skipped by the WHERE (no dead tuple, counted as unchanged); `source` keeps the value of the
 * first writer. Answers one row: how many were inserted (`xmax = 0`) and updated, and the inserted
 * phones when orphan purchases exist (`purchases` is not written here, so looking before or after
 * the insert is the same).
 */
export async function upsertCustomerRows(
  db: DbOrTrx,
  companyId: string,
  source: RecordSource,
  phones: string,
  columns: readonly string[],
  provided: ProvidedNotNull,
): Promise<UpsertedCounts> {
  const key = `${Number(provided.totalPurchaseAmount)}${Number(provided.purchaseCount)}${Number(provided.smsOptIn)}`;
  let text = statements.get(key);
  if (text === undefined) statements.set(key, (text = upsertStatement(provided)));
  const result = await db.executeQuery<{ inserted: string; updated: string; linkable: string[] | null }>(
    CompiledQuery.raw(text, [companyId, source, phones, ...columns]),
  );
  const row = result.rows[0];
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0), linkable: row?.linkable ?? null };
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
