import { sql, type Insertable, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { DepositRequestStatus, DepositRequestsTable } from '../../db/schema.js';

export interface DepositRequestRow extends Selectable<DepositRequestsTable> {
  company_name: string | null;
}

export interface DepositRequestFilter {
  companyId?: string | undefined;
  status?: DepositRequestStatus | undefined;
}

function withCompanyName(db: DbOrTrx) {
  return db
    .selectFrom('deposit_requests as d')
    .innerJoin('companies as c', 'c.id', 'd.company_id')
    .selectAll('d')
    .select('c.name as company_name');
}

export async function insertDepositRequest(db: DbOrTrx, row: Insertable<DepositRequestsTable>): Promise<string> {
  const created = await db.insertInto('deposit_requests').values(row).returning('id').executeTakeFirstOrThrow();
  return created.id;
}

/** By id; with `companyId` only that company's request (another company's answers undefined). */
export async function findDepositRequest(db: DbOrTrx, id: string, companyId?: string): Promise<DepositRequestRow | undefined> {
  let q = withCompanyName(db).where('d.id', '=', id);
  if (companyId) q = q.where('d.company_id', '=', companyId);
  return q.executeTakeFirst();
}

/** Newest first, paged in SQL. */
export async function listDepositRequests(
  db: DbOrTrx,
  f: DepositRequestFilter,
  limit: number,
  offset: number,
): Promise<{ rows: DepositRequestRow[]; total: number }> {
  let rows = withCompanyName(db);
  let count = db.selectFrom('deposit_requests as d').select((eb) => eb.fn.countAll<string>().as('n'));
  if (f.companyId) {
    rows = rows.where('d.company_id', '=', f.companyId);
    count = count.where('d.company_id', '=', f.companyId);
  }
  if (f.status) {
    rows = rows.where('d.status', '=', f.status);
    count = count.where('d.status', '=', f.status);
  }
  const [page, total] = await Promise.all([
    rows.orderBy('d.created_at', 'desc').orderBy('d.id').limit(limit).offset(offset).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: Number(total.n) };
}

export type Decision = { status: 'approved' } | { status: 'rejected'; rejectReason: string };

/**
 * pending → approved/rejected, guarded by `status = 'pending'`: of two concurrent decisions the
 * second waits for the first's row lock, re-checks the guard and changes nothing (undefined).
 */
export async function decideDepositRequest(
  db: DbOrTrx,
  id: string,
  decidedBy: string | null,
  decision: Decision,
): Promise<Selectable<DepositRequestsTable> | undefined> {
  return db
    .updateTable('deposit_requests')
    .set({
      status: decision.status,
      reject_reason: decision.status === 'rejected' ? decision.rejectReason : null,
      decided_by: decidedBy,
      decided_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}
