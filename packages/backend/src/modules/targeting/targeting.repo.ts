import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { CustomFieldType, TargetFilter } from '@hanjullo/shared';
import type { DbOrTrx } from '../../db/postgres.js';
import type { Database } from '../../db/schema.js';
import type { CompanyScope } from '../scope/scope.js';
import { compileFilter, type CompileContext } from './compile-filter.js';

/** Columns the send path needs per recipient (merge variables, individual callback). */
const RECIPIENT_COLUMNS = [
  'customers.id', 'customers.phone', 'customers.name', 'customers.gender', 'customers.birth_date',
  'customers.region', 'customers.grade', 'customers.points', 'customers.store_code', 'customers.store_name',
  'customers.store_phone', 'customers.registered_at', 'customers.recent_purchase_date', 'customers.recent_purchase_amount',
  'customers.recent_purchase_store', 'customers.total_purchase_amount', 'customers.purchase_count',
  'customers.custom_1', 'customers.custom_2', 'customers.custom_3', 'customers.custom_4', 'customers.custom_5',
  'customers.custom_6', 'customers.custom_7', 'customers.custom_8', 'customers.custom_9', 'customers.custom_10',
  'customers.custom_11', 'customers.custom_12', 'customers.custom_13', 'customers.custom_14', 'customers.custom_15',
] as const;

export type RecipientQuery = ReturnType<typeof selectRecipients>;
export type RecipientRow = RecipientQuery extends SelectQueryBuilder<Database, 'customers', infer O> ? O : never;

/** Customers in the scope (company, then the caller's store codes) that match the filter. */
function matchedCustomers(db: DbOrTrx, scope: CompanyScope, filter: TargetFilter, ctx: CompileContext) {
  const codes = scope.storeCodes;
  return db
    .selectFrom('customers')
    .where('customers.company_id', '=', scope.companyId)
    .$if(codes !== null, (qb) => qb.where((eb) => (codes!.length === 0 ? sql<SqlBool>`false` : eb('customers.store_code', 'in', codes!))))
    .where((eb) => compileFilter(eb, filter, ctx));
}

/**
 * The opt-out list joined by (company, phone) — one list per company, applied to every message
 * kind whatever the store scope. Its primary key makes this join add no rows.
 */
function joinOptOuts(db: DbOrTrx, scope: CompanyScope, filter: TargetFilter, ctx: CompileContext) {
  return matchedCustomers(db, scope, filter, ctx).leftJoin('opt_outs', (join) =>
    join.on('opt_outs.company_id', '=', scope.companyId).onRef('opt_outs.phone', '=', 'customers.phone'),
  );
}

/**
 * The recipients of a send: matched customers minus opt-outs (always) minus customers without
 * marketing consent (ads only), one row per phone — the most recently updated record of a phone
 * shared by several stores — in phone order, so the send path can page by `phone > last`.
 */
export function selectRecipients(
  db: DbOrTrx, scope: CompanyScope, filter: TargetFilter, ctx: CompileContext, isAd: boolean, only?: readonly string[],
) {
  // `only`: a narrower row (id, phone and the named columns; the others are absent) keeps a large
  // target's DISTINCT ON sort small — the freeze reads just what the message needs
  const columns = only ? RECIPIENT_COLUMNS.filter((c) => c === 'customers.id' || c === 'customers.phone' || only.includes(c.slice(10))) : RECIPIENT_COLUMNS;
  return joinOptOuts(db, scope, filter, ctx)
    .where('opt_outs.phone', 'is', null)
    .$if(isAd, (qb) => qb.where('customers.sms_opt_in', '=', true))
    .distinctOn('customers.phone')
    .select(columns as typeof RECIPIENT_COLUMNS)
    .orderBy('customers.phone')
    .orderBy('customers.updated_at', 'desc')
    .orderBy('customers.id');
}

export interface TargetCounts {
  matched: number;
  optedOut: number;
  noConsent: number;
  eligibleRows: number;
  final: number;
  /** The lowest final phone: `selectRecipients`' first row. */
  firstPhone: string | null;
}

/**
 * Every preview count in one statement, with the exclusions of `selectRecipients` applied in the
 * same order (opt-out, then consent for ads, then one row per phone), so `final` is its row count.
 */
export async function countTarget(db: DbOrTrx, scope: CompanyScope, filter: TargetFilter, ctx: CompileContext, isAd: boolean): Promise<TargetCounts> {
  const row = await db
    .with('m', () =>
      joinOptOuts(db, scope, filter, ctx).select((eb) => [
        'customers.phone',
        eb('opt_outs.phone', 'is not', null).as('opted_out'),
        // consent matters for ads only; informational messages ignore it (never opt-outs)
        eb.and([eb.lit(isAd), eb.not(eb.ref('customers.sms_opt_in'))]).as('no_consent'),
      ]),
    )
    .selectFrom('m')
    .select((eb) => {
      const eligible = eb.and([eb.not(eb.ref('m.opted_out')), eb.not(eb.ref('m.no_consent'))]);
      return [
        eb.fn.countAll<string>().as('matched'),
        eb.fn.countAll<string>().filterWhere('m.opted_out', '=', true).as('opted_out'),
        eb.fn.countAll<string>().filterWhere((f) => f.and([eb.not(eb.ref('m.opted_out')), eb.ref('m.no_consent')])).as('no_consent'),
        eb.fn.countAll<string>().filterWhere(eligible).as('eligible_rows'),
        eb.fn.count<string>('m.phone').distinct().filterWhere(eligible).as('final'),
        eb.fn.min<string | null>('m.phone').filterWhere(eligible).as('first_phone'),
      ];
    })
    .executeTakeFirstOrThrow();
  return {
    matched: Number(row.matched),
    optedOut: Number(row.opted_out),
    noConsent: Number(row.no_consent),
    eligibleRows: Number(row.eligible_rows),
    final: Number(row.final),
    firstPhone: row.first_phone,
  };
}

export async function findCustomFields(db: DbOrTrx, companyId: string): Promise<Array<{ key: string; label: string; type: CustomFieldType }>> {
  const rows = await db
    .selectFrom('customer_field_labels')
    .select(['field_key', 'label', 'field_type'])
    .where('company_id', '=', companyId)
    .execute();
  return rows.map((r) => ({ key: r.field_key, label: r.label, type: r.field_type }));
}

const VALUE_COLUMNS = { grade: sql.ref('grade'), region: sql.ref('region') } as const;

/**
 * Distinct grade or region values of the scope, by a loose index scan over (company_id, column):
 * one index probe per distinct value instead of reading every customer row.
 */
export async function findDistinctValues(db: DbOrTrx, scope: CompanyScope, column: keyof typeof VALUE_COLUMNS, limit: number): Promise<string[]> {
  const col = VALUE_COLUMNS[column];
  const stores = scope.storeCodes === null ? sql`` : sql`AND store_code = ANY(${scope.storeCodes}::text[])`;
  const rows = await sql<{ v: string }>`
    WITH RECURSIVE vals(v) AS (
      (SELECT ${col} FROM customers WHERE company_id = ${scope.companyId} AND ${col} IS NOT NULL ${stores} ORDER BY ${col} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${col} FROM customers WHERE company_id = ${scope.companyId} AND ${col} > vals.v ${stores} ORDER BY ${col} LIMIT 1)
      FROM vals WHERE vals.v IS NOT NULL
    )
    SELECT v FROM vals WHERE v IS NOT NULL LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => r.v);
}

/** Store codes present in the company's customers (loose scan over the unique (company, store, phone) index). */
export async function findStoreCodes(db: DbOrTrx, companyId: string, limit: number): Promise<string[]> {
  const key = sql`COALESCE(store_code, '__NONE__')`;
  const rows = await sql<{ v: string }>`
    WITH RECURSIVE vals(v) AS (
      (SELECT ${key} FROM customers WHERE company_id = ${companyId} ORDER BY ${key} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${key} FROM customers WHERE company_id = ${companyId} AND ${key} > vals.v ORDER BY ${key} LIMIT 1)
      FROM vals WHERE vals.v IS NOT NULL
    )
    SELECT v FROM vals WHERE v IS NOT NULL AND v <> '__NONE__' LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => r.v);
}
