import { sql, type ExpressionBuilder, type Expression, type SqlBool, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { CustomersTable, Database, PurchasesTable } from '../../db/schema.js';
import type { CompanyScope } from '../scope/scope.js';

export type CustomerRow = Selectable<CustomersTable> & { opted_out: boolean; age: number | null };
type Eb = ExpressionBuilder<Database, 'customers'>;

/** The scope in SQL (LESSONS 22): the company, and for store-limited users only their stores. */
function inScope(eb: Eb, scope: CompanyScope): Expression<SqlBool> {
  const company = eb('customers.company_id', '=', scope.companyId);
  if (scope.storeCodes === null) return company;
  if (scope.storeCodes.length === 0) return eb.and([company, sql<SqlBool>`false`]);
  return eb.and([company, eb('customers.store_code', 'in', scope.storeCodes)]);
}

export interface CustomerFilter {
  nameContains?: string;
  phoneDigits?: string;
  phoneSuffix?: string;
  gender?: 'M' | 'F';
  grade?: string;
  region?: string;
  storeCode?: string;
  smsOptIn?: boolean;
  /** birth_date ≤ bornOnOrBefore and > bornAfter. */
  bornOnOrBefore?: string;
  bornAfter?: string;
  purchasedOnOrAfter?: string;
}

const likeEscape = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function applyFilter(eb: Eb, scope: CompanyScope, f: CustomerFilter): Expression<SqlBool> {
  const conds: Array<Expression<SqlBool>> = [inScope(eb, scope)];
  if (f.nameContains !== undefined) conds.push(eb('customers.name', 'ilike', `%${likeEscape(f.nameContains)}%`));
  if (f.phoneSuffix !== undefined) conds.push(eb('customers.phone', 'like', `%${f.phoneSuffix}`));
  if (f.phoneDigits !== undefined) conds.push(eb('customers.phone', 'like', `%${f.phoneDigits}%`));
  if (f.gender !== undefined) conds.push(eb('customers.gender', '=', f.gender));
  if (f.grade !== undefined) conds.push(eb('customers.grade', '=', f.grade));
  if (f.region !== undefined) conds.push(eb('customers.region', '=', f.region));
  if (f.storeCode !== undefined) conds.push(eb('customers.store_code', '=', f.storeCode));
  if (f.smsOptIn !== undefined) conds.push(eb('customers.sms_opt_in', '=', f.smsOptIn));
  if (f.bornOnOrBefore !== undefined) conds.push(eb('customers.birth_date', '<=', f.bornOnOrBefore));
  if (f.bornAfter !== undefined) conds.push(eb('customers.birth_date', '>', f.bornAfter));
  if (f.purchasedOnOrAfter !== undefined) conds.push(eb('customers.recent_purchase_date', '>=', f.purchasedOnOrAfter));
  return eb.and(conds);
}

function customerQuery(db: DbOrTrx, today: string) {
  return db
    .selectFrom('customers')
    .leftJoin('opt_outs as o', (j) => j.onRef('o.company_id', '=', 'customers.company_id').onRef('o.phone', '=', 'customers.phone'))
    .selectAll('customers')
    .select([
      sql<boolean>`o.phone IS NOT NULL`.as('opted_out'),
      sql<number | null>`EXTRACT(YEAR FROM age(${today}::date, customers.birth_date))::int`.as('age'),
    ]);
}

export type SortColumn = 'created_at' | 'updated_at' | 'name' | 'recent_purchase_date' | 'total_purchase_amount' | 'purchase_count';

export async function listCustomerRows(
  db: DbOrTrx,
  scope: CompanyScope,
  filter: CustomerFilter,
  page: { sort: SortColumn; order: 'asc' | 'desc'; limit: number; offset: number; today: string },
): Promise<{ rows: CustomerRow[]; total: number }> {
  const direction = page.order === 'asc' ? sql`ASC NULLS LAST` : sql`DESC NULLS LAST`;
  const [rows, count] = await Promise.all([
    customerQuery(db, page.today)
      .where((eb) => applyFilter(eb, scope, filter))
      .orderBy(sql`${sql.ref(`customers.${page.sort}`)} ${direction}`)
      .orderBy('customers.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => applyFilter(eb, scope, filter))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findCustomerRow(db: DbOrTrx, scope: CompanyScope, id: string, today: string): Promise<CustomerRow | undefined> {
  return customerQuery(db, today)
    .where((eb) => inScope(eb, scope))
    .where('customers.id', '=', id)
    .executeTakeFirst();
}

export async function findCustomerIdByKey(db: DbOrTrx, companyId: string, storeCode: string | null, phone: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('company_id', '=', companyId)
    .where(sql<SqlBool>`COALESCE(store_code, '__NONE__') = COALESCE(${storeCode}::text, '__NONE__')`)
    .where('phone', '=', phone)
    .executeTakeFirst();
  return row?.id;
}

export async function listPurchaseRows(
  db: DbOrTrx,
  companyId: string,
  customerId: string,
  limit: number,
  offset: number,
): Promise<{ rows: Array<Selectable<PurchasesTable>>; total: number }> {
  const base = db.selectFrom('purchases').where('company_id', '=', companyId).where('customer_id', '=', customerId);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('purchase_date', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findFieldLabels(db: DbOrTrx, companyId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('customer_field_labels').select(['field_key', 'label']).where('company_id', '=', companyId).execute();
  return new Map(rows.map((r) => [r.field_key, r.label]));
}

/** Sets the named columns to NULL (a manual edit clearing a value — the writer never erases). */
export async function clearCustomerColumns(db: DbOrTrx, companyId: string, id: string, columns: readonly string[]): Promise<void> {
  if (columns.length === 0) return;
  // column names come from the fixed input → column map, never from the request
  await sql`UPDATE customers SET ${sql.join(columns.map((c) => sql`${sql.ref(c)} = NULL`))}, updated_at = now()
    WHERE company_id = ${companyId} AND id = ${id}`.execute(db);
}

export async function deleteCustomerRows(db: DbOrTrx, scope: CompanyScope, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .deleteFrom('customers')
    .where((eb) => inScope(eb, scope))
    .where('customers.id', 'in', [...ids])
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteAllCustomerRows(db: DbOrTrx, companyId: string): Promise<number> {
  const r = await db.deleteFrom('customers').where('company_id', '=', companyId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findCompanyName(db: DbOrTrx, companyId: string): Promise<string | undefined> {
  const row = await db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirst();
  return row?.name;
}

export async function customerStatsRow(db: DbOrTrx, scope: CompanyScope, bandUpper: readonly string[]) {
  // bandUpper[i]: birth_date ≤ bandUpper[i] ⇔ age ≥ 10·(i+1), for i = 0..5 (10대 … 60대)
  const band = (i: number) =>
    i === 5
      ? sql<string>`count(*) FILTER (WHERE c.birth_date <= ${bandUpper[5]}::date)`
      : sql<string>`count(*) FILTER (WHERE c.birth_date <= ${bandUpper[i]}::date AND c.birth_date > ${bandUpper[i + 1]}::date)`;
  const storeFilter = scope.storeCodes === null ? sql`` : sql`AND c.store_code = ANY(${scope.storeCodes}::text[])`;
  const r = await sql<Record<string, string>>`
    SELECT count(*) AS total,
      count(*) FILTER (WHERE c.sms_opt_in AND o.phone IS NULL) AS opted_in,
      count(*) FILTER (WHERE o.phone IS NOT NULL) AS opted_out,
      count(*) FILTER (WHERE c.gender = 'M') AS male,
      count(*) FILTER (WHERE c.gender = 'F') AS female,
      ${band(0)} AS b0, ${band(1)} AS b1, ${band(2)} AS b2, ${band(3)} AS b3, ${band(4)} AS b4, ${band(5)} AS b5
    FROM customers c
    LEFT JOIN opt_outs o ON o.company_id = c.company_id AND o.phone = c.phone
    WHERE c.company_id = ${scope.companyId} ${storeFilter}`.execute(db);
  const row = r.rows[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<string, number>;
}

export async function customerBuckets(db: DbOrTrx, scope: CompanyScope, column: 'grade' | 'region'): Promise<Array<{ key: string | null; count: number }>> {
  const rows = await db
    .selectFrom('customers')
    .select([`customers.${column} as key`, (eb) => eb.fn.countAll<string>().as('n')])
    .where((eb) => inScope(eb, scope))
    .groupBy(`customers.${column}`)
    .orderBy('n', 'desc')
    .orderBy(`customers.${column}`)
    .limit(50)
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.n) }));
}

export async function countOptOutList(db: DbOrTrx, companyId: string): Promise<number> {
  const r = await db.selectFrom('opt_outs').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Whether any customer in scope has a value per column, in one scan. Columns come from the
 * field catalog (constants); NOT NULL counters count as data when non-zero.
 */
export async function columnsWithData(db: DbOrTrx, scope: CompanyScope, columns: readonly string[]): Promise<Set<string>> {
  const expr = (c: string) =>
    c === 'total_purchase_amount' || c === 'purchase_count'
      ? sql`COALESCE(bool_or(${sql.ref(c)} <> 0), false)`
      : c === 'sms_opt_in'
        ? sql`count(*) > 0`
        : sql`COALESCE(bool_or(${sql.ref(c)} IS NOT NULL), false)`;
  const storeFilter = scope.storeCodes === null ? sql`` : sql`AND store_code = ANY(${scope.storeCodes}::text[])`;
  const r = await sql<Record<string, boolean>>`
    SELECT ${sql.join(columns.map((c, i) => sql`${expr(c)} AS ${sql.ref(`c${i}`)}`))}
    FROM customers WHERE company_id = ${scope.companyId} ${storeFilter}`.execute(db);
  const row = r.rows[0] ?? {};
  return new Set(columns.filter((_, i) => row[`c${i}`] === true));
}
