import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { BalanceTransactionsTable, Database, LedgerKind } from '../../db/schema.js';

export type LedgerRow = Selectable<BalanceTransactionsTable>;
type Trx = Transaction<Database>;

export interface BillingCompanyRow {
  id: string;
  billing_type: 'postpaid' | 'prepaid';
  balance: string;
  price_sms: string;
  price_lms: string;
  price_mms: string;
  price_kakao: string;
}

const BILLING_COLUMNS = ['id', 'billing_type', 'balance', 'price_sms', 'price_lms', 'price_mms', 'price_kakao'] as const;

export async function findBillingCompany(db: DbOrTrx, companyId: string): Promise<BillingCompanyRow | undefined> {
  return db.selectFrom('companies').select(BILLING_COLUMNS).where('id', '=', companyId).executeTakeFirst();
}

/**
 * Every ledger write of a company takes this row lock first (balance UPDATEs take the same lock),
 * so reserves, settlements, deposits and adjustments of one company run one after another.
 * NO KEY UPDATE: inserts referencing the company (foreign keys) are not blocked.
 */
export async function lockBillingCompany(trx: Trx, companyId: string): Promise<BillingCompanyRow | undefined> {
  return trx.selectFrom('companies').select(BILLING_COLUMNS).where('id', '=', companyId).forNoKeyUpdate().executeTakeFirst();
}

/** Takes `amount` from the balance only if it covers it; undefined = not enough (nothing changed). */
export async function debitBalance(db: DbOrTrx, companyId: string, amount: string): Promise<string | undefined> {
  const result = await sql<{ balance: string }>`
    UPDATE companies SET balance = balance - ${amount}::numeric, updated_at = now()
    WHERE id = ${companyId} AND balance >= ${amount}::numeric
    RETURNING balance
  `.execute(db);
  return result.rows[0]?.balance;
}

/** Adds a signed delta unless the balance would go below 0; undefined = refused (nothing changed). */
export async function applyBalanceDelta(db: DbOrTrx, companyId: string, delta: string): Promise<string | undefined> {
  const result = await sql<{ balance: string }>`
    UPDATE companies SET balance = balance + ${delta}::numeric, updated_at = now()
    WHERE id = ${companyId} AND balance + ${delta}::numeric >= 0
    RETURNING balance
  `.execute(db);
  return result.rows[0]?.balance;
}

export async function insertLedgerRow(db: DbOrTrx, row: Insertable<BalanceTransactionsTable>): Promise<LedgerRow> {
  return db.insertInto('balance_transactions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findRunMovements(db: DbOrTrx, companyId: string, runId: string): Promise<Partial<Record<LedgerKind, LedgerRow>>> {
  const rows = await db.selectFrom('balance_transactions').selectAll().where('company_id', '=', companyId).where('run_id', '=', runId).execute();
  return Object.fromEntries(rows.map((r) => [r.kind, r]));
}

export interface LedgerFilter {
  companyId: string;
  from?: Date | undefined;
  to?: Date | undefined;
  kind?: LedgerKind | undefined;
  runId?: string | undefined;
}

/** Newest first, paged in SQL. */
export async function listLedgerRows(db: DbOrTrx, f: LedgerFilter, limit: number, offset: number): Promise<{ rows: LedgerRow[]; total: number }> {
  let q = db.selectFrom('balance_transactions').where('company_id', '=', f.companyId);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.runId) q = q.where('run_id', '=', f.runId);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
