import { sql } from 'kysely';
import type { DbOrTrx } from '../audit/audit.service.js';
import type { SyncCommandsTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';

export interface AgentStatsRow {
  id: string;
  company_id: string;
  company_name: string;
  sync_batch_limit: number;
  agent_name: string;
  agent_version: string | null;
  os_info: string | null;
  db_type: string | null;
  status: string;
  last_heartbeat_at: Date | null;
  last_sync_at: Date | null;
  total_customers_synced: string;
  total_purchases_synced: string;
  reported_customers_synced: string | null;
  queued_items: number;
  uptime: string;
  sync_interval_customers: number;
  sync_interval_purchases: number;
  heartbeat_interval: number;
  mapping: unknown;
  created_at: Date;
  rows_total: string;
  rows_failed: string;
  batches: string;
  pending_commands: string;
}

/** Agents with their company and batch statistics since `since` (one query, lateral aggregates). */
export async function listAgentStats(db: DbOrTrx, filter: { companyId?: string; agentId?: string }, since: Date): Promise<AgentStatsRow[]> {
  const r = await sql<AgentStatsRow>`
    SELECT a.id, a.company_id, c.name AS company_name, c.sync_batch_limit, a.agent_name, a.agent_version, a.os_info, a.db_type,
      a.status, a.last_heartbeat_at, a.last_sync_at, a.total_customers_synced, a.total_purchases_synced,
      a.reported_customers_synced, a.queued_items, a.uptime, a.sync_interval_customers, a.sync_interval_purchases,
      a.heartbeat_interval, a.mapping, a.created_at,
      COALESCE(l.rows_total, 0) AS rows_total, COALESCE(l.rows_failed, 0) AS rows_failed, COALESCE(l.batches, 0) AS batches,
      COALESCE(p.pending, 0) AS pending_commands
    FROM sync_agents a
    JOIN companies c ON c.id = a.company_id
    LEFT JOIN LATERAL (
      SELECT sum(total_count) AS rows_total, sum(fail_count) AS rows_failed, count(*) AS batches
      FROM sync_logs WHERE company_id = a.company_id AND agent_id = a.id AND source = 'batch' AND started_at >= ${since}
    ) l ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS pending FROM sync_commands WHERE company_id = a.company_id AND agent_id = a.id AND acknowledged_at IS NULL
    ) p ON true
    WHERE (${filter.companyId ?? null}::uuid IS NULL OR a.company_id = ${filter.companyId ?? null}::uuid)
      AND (${filter.agentId ?? null}::uuid IS NULL OR a.id = ${filter.agentId ?? null}::uuid)
    ORDER BY c.name, a.agent_name`.execute(db);
  return r.rows;
}

export async function findAgentCompany(db: DbOrTrx, agentId: string) {
  return db.selectFrom('sync_agents').select(['id', 'company_id']).where('id', '=', agentId).executeTakeFirst();
}

export async function listSyncLogs(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  syncType: 'customers' | 'purchases' | undefined,
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('sync_logs').where('company_id', '=', companyId).where('agent_id', '=', agentId);
  if (syncType) q = q.where('sync_type', '=', syncType);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function updateAgentSettings(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  patch: { sync_interval_customers?: number; sync_interval_purchases?: number; heartbeat_interval?: number; mapping?: string },
  now: Date,
): Promise<void> {
  await db.updateTable('sync_agents').set({ ...patch, updated_at: now }).where('company_id', '=', companyId).where('id', '=', agentId).execute();
}

export async function updateCompanyBatchLimit(db: DbOrTrx, companyId: string, limit: number, now: Date): Promise<void> {
  await db.updateTable('companies').set({ sync_batch_limit: limit, updated_at: now }).where('id', '=', companyId).execute();
}

export async function insertCommand(db: DbOrTrx, row: Insertable<SyncCommandsTable>) {
  return db.insertInto('sync_commands').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listCommands(db: DbOrTrx, companyId: string, agentId: string, limit: number) {
  return db.selectFrom('sync_commands').selectAll().where('company_id', '=', companyId).where('agent_id', '=', agentId).orderBy('issued_at', 'desc').limit(limit).execute();
}

export async function insertRelease(
  db: DbOrTrx,
  row: { version: string; download_url: string; checksum: string; release_notes: string | null; force_update: boolean },
) {
  return db.insertInto('sync_releases').values(row).returningAll().executeTakeFirstOrThrow();
}
