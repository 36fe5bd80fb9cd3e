import { sql, type Insertable, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { CompaniesTable, CompanyStatus, Database } from '../../db/schema.js';
import type { Db } from '../../db/postgres.js';
import type { DbOrTrx } from '../audit/audit.service.js';

export type CompanyRow = Selectable<CompaniesTable>;

export interface CompanyDetailRow extends CompanyRow {
  plan_code: string | null;
  plan_name: string | null;
  plan_max_customers: number | null;
  plan_is_active: boolean | null;
  user_count: string;
}

export interface CompanyListFilter {
  search?: string;
  status?: CompanyStatus;
  page: number;
  pageSize: number;
}

function detailQuery(db: DbOrTrx) {
  return db
    .selectFrom('companies as c')
    .leftJoin('plans as p', 'p.id', 'c.plan_id')
    .selectAll('c')
    .select([
      'p.code as plan_code',
      'p.name as plan_name',
      'p.max_customers as plan_max_customers',
      'p.is_active as plan_is_active',
      sql<string>`(SELECT count(*) FROM users u WHERE u.company_id = c.id AND u.deleted_at IS NULL)`.as('user_count'),
    ]);
}

export async function findCompanyDetail(db: DbOrTrx, id: string): Promise<CompanyDetailRow | undefined> {
  return detailQuery(db).where('c.id', '=', id).executeTakeFirst();
}

/** `%`, `_` and `\` in a search term match themselves (backslash is LIKE's default escape). */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export async function listCompanyDetails(db: Db, filter: CompanyListFilter): Promise<{ rows: CompanyDetailRow[]; total: number }> {
  let rows = detailQuery(db);
  let count = db.selectFrom('companies as c').select((eb) => eb.fn.countAll<string>().as('n'));
  if (filter.search) {
    const pattern = likePattern(filter.search);
    rows = rows.where((eb) => eb.or([eb('c.name', 'ilike', pattern), eb('c.code', 'ilike', pattern)]));
    count = count.where((eb) => eb.or([eb('c.name', 'ilike', pattern), eb('c.code', 'ilike', pattern)]));
  }
  if (filter.status) {
    rows = rows.where('c.status', '=', filter.status);
    count = count.where('c.status', '=', filter.status);
  }
  const [page, total] = await Promise.all([
    rows
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: Number(total.n) };
}

export async function lockCompanyRow(trx: Transaction<Database>, id: string): Promise<CompanyRow | undefined> {
  return trx.selectFrom('companies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findCompanyIdByCode(db: DbOrTrx, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('companies').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}

/**
 * The live (not terminated) companies' 080 numbers as a query of (number, company_id). The 080
 * callback resolves a company by its number, so a number is unique among live companies.
 */
export function live080Numbers(db: DbOrTrx) {
  return db
    .selectFrom('companies')
    .select(['opt_out_080_number as number', 'id as company_id'])
    .where('opt_out_080_number', 'is not', null)
    .where('status', '<>', 'terminated');
}

export async function findLiveCompanyIdBy080Number(db: DbOrTrx, number: string): Promise<string | undefined> {
  const row = await live080Numbers(db).where('opt_out_080_number', '=', number).executeTakeFirst();
  return row?.company_id;
}

export async function insertCompany(db: DbOrTrx, row: Insertable<CompaniesTable>): Promise<CompanyRow> {
  return db.insertInto('companies').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCompanyRow(db: DbOrTrx, id: string, patch: Updateable<CompaniesTable>): Promise<CompanyRow> {
  return db
    .updateTable('companies')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countCompanyUsers(db: DbOrTrx, companyId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listCompanyUserIds(db: DbOrTrx, companyId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('company_id', '=', companyId).execute();
  return rows.map((r) => r.id);
}

/** Locks every not-yet-locked user of the company; returns the ids it locked. */
export async function lockAllCompanyUsers(db: DbOrTrx, companyId: string): Promise<string[]> {
  const rows = await db
    .updateTable('users')
    .set({ status: 'locked', updated_at: sql<Date>`now()` })
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .where('status', '<>', 'locked')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Campaigns that would still send (scheduled, being dispatched, sending). The campaigns table
 * belongs to a later migration; until it exists nothing can be in flight, so the answer is 0.
 */
export async function countInFlightCampaigns(db: DbOrTrx, companyId: string): Promise<number> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('public.campaigns')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return 0;
  const result = await sql<{ n: string }>`
    SELECT count(*) AS n FROM campaigns
    WHERE company_id = ${companyId} AND status IN ('scheduled', 'dispatching', 'sending')
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
