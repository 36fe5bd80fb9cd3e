import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';

/** Send runs with their campaign, for result screens (test runs are not campaign results). */

export interface ResultRunRow {
  run_id: string;
  campaign_id: string;
  name: string;
  kind: 'target' | 'direct';
  msg_type: string;
  status: string;
  tables: string[];
  dispatch_started_at: Date | null;
  dispatched_at: Date | null;
  created_at: Date;
  total: number;
  queued: number;
  success: number;
  failed: number;
  pending: number;
  cancelled: number;
  unit_price: string;
}

const base = (db: DbOrTrx, companyId: string, from?: Date, to?: Date) => sql`
  FROM campaign_runs r JOIN campaigns c ON c.company_id = r.company_id AND c.id = r.campaign_id
  WHERE r.company_id = ${companyId} AND r.kind = 'send' AND r.frozen
  ${from && to ? sql`AND COALESCE(r.dispatch_started_at, r.created_at) >= ${from} AND COALESCE(r.dispatch_started_at, r.created_at) < ${to}` : sql``}`;

export async function listResultRuns(db: DbOrTrx, companyId: string, range: { from?: Date; to?: Date }, limit: number, offset: number) {
  const where = base(db, companyId, range.from, range.to);
  const [rows, count] = await Promise.all([
    sql<ResultRunRow>`SELECT r.id AS run_id, r.campaign_id, c.name, c.kind, r.msg_type, r.status, r.tables, r.dispatch_started_at,
        r.dispatched_at, r.created_at, r.total, r.queued, r.success, r.failed, r.pending, r.cancelled, r.unit_price
      ${where} ORDER BY COALESCE(r.dispatch_started_at, r.created_at) DESC, r.id LIMIT ${limit} OFFSET ${offset}`.execute(db),
    sql<{ n: string }>`SELECT count(*) AS n ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}

export async function findResultRun(db: DbOrTrx, companyId: string, campaignId: string): Promise<ResultRunRow | undefined> {
  const rows = await sql<ResultRunRow>`SELECT r.id AS run_id, r.campaign_id, c.name, c.kind, r.msg_type, r.status, r.tables,
      r.dispatch_started_at, r.dispatched_at, r.created_at, r.total, r.queued, r.success, r.failed, r.pending, r.cancelled, r.unit_price
    ${base(db, companyId)} AND r.campaign_id = ${campaignId} ORDER BY r.created_at DESC LIMIT 1`.execute(db);
  return rows.rows[0];
}

export async function sumResults(db: DbOrTrx, companyId: string, from: Date, to: Date) {
  const rows = await sql<{ campaigns: string; sent: string; success: string; failed: string; pending: string; cancelled: string; cost: string }>`
    SELECT count(*) AS campaigns, COALESCE(sum(r.queued), 0) AS sent, COALESCE(sum(r.success), 0) AS success,
           COALESCE(sum(r.failed), 0) AS failed, COALESCE(sum(r.pending), 0) AS pending, COALESCE(sum(r.cancelled), 0) AS cancelled,
           COALESCE(sum(r.success * r.unit_price), 0)::numeric(16,2)::text AS cost
    ${base(db, companyId, from, to)}`.execute(db);
  return rows.rows[0]!;
}
