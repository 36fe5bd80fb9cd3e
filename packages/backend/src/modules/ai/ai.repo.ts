import { sql, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { CompanyScope } from '../scope/scope.js';

/** Aggregates and value lists for the AI: never a customer row, never a phone number. */

const inScope = (scope: CompanyScope) =>
  scope.storeCodes === null ? sql<SqlBool>`true` : sql<SqlBool>`store_code = ANY(${scope.storeCodes}::text[])`;

/** Store codes with their names (the most common name per code). */
export async function findStores(db: DbOrTrx, scope: CompanyScope, limit: number): Promise<Array<{ code: string; name: string | null }>> {
  const rows = await sql<{ code: string; name: string | null }>`
    SELECT store_code AS code, mode() WITHIN GROUP (ORDER BY store_name) AS name
    FROM customers
    WHERE company_id = ${scope.companyId} AND store_code IS NOT NULL AND ${inScope(scope)}
    GROUP BY store_code ORDER BY store_code LIMIT ${limit}`.execute(db);
  return rows.rows;
}

export interface CustomerStats {
  total: number;
  female: number;
  male: number;
  consented: number;
  byGrade: Array<{ grade: string; count: number }>;
}

export async function findCustomerStats(db: DbOrTrx, scope: CompanyScope): Promise<CustomerStats> {
  const rows = await sql<{ grade: string | null; total: string; female: string; male: string; consented: string }>`
    SELECT grade, count(*) AS total, count(*) FILTER (WHERE gender = 'F') AS female,
      count(*) FILTER (WHERE gender = 'M') AS male, count(*) FILTER (WHERE sms_opt_in) AS consented
    FROM customers WHERE company_id = ${scope.companyId} AND ${inScope(scope)}
    GROUP BY grade ORDER BY count(*) DESC LIMIT 50`.execute(db);
  const sum = (k: 'total' | 'female' | 'male' | 'consented') => rows.rows.reduce((s, r) => s + Number(r[k]), 0);
  return {
    total: sum('total'),
    female: sum('female'),
    male: sum('male'),
    consented: sum('consented'),
    byGrade: rows.rows.filter((r) => r.grade !== null).map((r) => ({ grade: r.grade ?? '', count: Number(r.total) })),
  };
}

/** `customers` columns a merge variable may read (checked before the name reaches SQL). */
const MERGE_COLUMN = /^(name|grade|region|points|total_purchase_amount|recent_purchase_amount|purchase_count|recent_purchase_date|recent_purchase_store|store_name|store_phone|birth_date|registered_at|custom_(?:[1-9]|1[0-5]))$/;

/** The longest text of one column in the company (for the size check of generated copy). */
export async function findLongestValue(db: DbOrTrx, companyId: string, column: string): Promise<string | null> {
  if (!MERGE_COLUMN.test(column)) return null;
  const col = sql.ref(column);
  const row = await sql<{ v: string }>`
    SELECT ${col}::text AS v FROM customers
    WHERE company_id = ${companyId} AND ${col} IS NOT NULL
    ORDER BY octet_length(${col}::text) DESC, ${col}::text LIMIT 1`.execute(db);
  return row.rows[0]?.v ?? null;
}
