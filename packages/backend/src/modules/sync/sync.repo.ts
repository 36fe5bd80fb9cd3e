import { sql, type Insertable, type Selectable } from 'kysely';
import type { SyncAgentsTable, SyncLogsTable } from '../../db/schema.js';
import type { DbOrTrx } from '../audit/audit.service.js';

export type SyncAgentRow = Selectable<SyncAgentsTable>;

export interface SyncCompany {
  id: string;
  name: string;
  status: string;
  use_db_sync: boolean;
  sync_batch_limit: number;
  sync_secret_hash: string | null;
}

export async function findCompanyBySyncKey(db: DbOrTrx, apiKey: string): Promise<SyncCompany | undefined> {
  return db
    .selectFrom('companies')
    .select(['id', 'name', 'status', 'use_db_sync', 'sync_batch_limit', 'sync_secret_hash'])
    .where('sync_api_key', '=', apiKey)
    .executeTakeFirst();
}

/** Upsert by (company, agent name); returns the row and whether it was created. */
export async function upsertAgent(
  db: DbOrTrx,
  companyId: string,
  v: { agent_name: string; agent_version: string | null; os_info: string | null; db_type: string | null },
  now: Date,
): Promise<SyncAgentRow & { inserted: boolean }> {
  return db
    .insertInto('sync_agents')
    .values({ company_id: companyId, ...v, status: 'active', mapping: '{}', created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['company_id', 'agent_name']).doUpdateSet((eb) => ({
        agent_version: eb.fn.coalesce(eb.ref('excluded.agent_version'), eb.ref('sync_agents.agent_version')),
        os_info: eb.fn.coalesce(eb.ref('excluded.os_info'), eb.ref('sync_agents.os_info')),
        db_type: eb.fn.coalesce(eb.ref('excluded.db_type'), eb.ref('sync_agents.db_type')),
        status: 'active',
        updated_at: now,
      })),
    )
    .returningAll()
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
}

export async function findAgent(db: DbOrTrx, companyId: string, agentId: string): Promise<SyncAgentRow | undefined> {
  return db.selectFrom('sync_agents').selectAll().where('company_id', '=', companyId).where('id', '=', agentId).executeTakeFirst();
}

/**
 * The agent a batch belongs to. Batches carry no agent id (contract), so it is the company's
 * agent seen most recently (almost always the only one).
 */
export async function findCurrentAgent(db: DbOrTrx, companyId: string): Promise<SyncAgentRow | undefined> {
  return db
    .selectFrom('sync_agents')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy(sql`GREATEST(last_heartbeat_at, updated_at)`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function updateAgentHeartbeat(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  v: Partial<Pick<SyncAgentRow, 'agent_version' | 'os_info' | 'db_type' | 'status' | 'queued_items'>> & {
    uptime?: number;
    reported_customers_synced?: number;
    last_sync_at?: Date | null;
  },
  now: Date,
): Promise<void> {
  const { last_sync_at: lastSync, ...rest } = v;
  await db
    .updateTable('sync_agents')
    .set((eb) => ({
      ...rest,
      ...(lastSync ? { last_sync_at: sql<Date>`GREATEST(${eb.ref('last_sync_at')}, ${lastSync}::timestamptz)` } : {}),
      last_heartbeat_at: now,
      updated_at: now,
    }))
    .where('company_id', '=', companyId)
    .where('id', '=', agentId)
    .execute();
}

/** After a batch: counters and last sync time. */
export async function bumpAgentCounters(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  added: { customers: number; purchases: number },
  now: Date,
): Promise<void> {
  await db
    .updateTable('sync_agents')
    .set({
      total_customers_synced: sql<string>`total_customers_synced + ${added.customers}`,
      total_purchases_synced: sql<string>`total_purchases_synced + ${added.purchases}`,
      last_sync_at: now,
      updated_at: now,
    })
    .where('company_id', '=', companyId)
    .where('id', '=', agentId)
    .execute();
}

export async function setAgentLastSync(db: DbOrTrx, companyId: string, agentId: string, at: Date): Promise<void> {
  await db
    .updateTable('sync_agents')
    .set({ last_sync_at: sql<Date>`GREATEST(last_sync_at, ${at}::timestamptz)` })
    .where('company_id', '=', companyId)
    .where('id', '=', agentId)
    .execute();
}

export async function insertSyncLog(db: DbOrTrx, row: Insertable<SyncLogsTable>): Promise<string> {
  const r = await db.insertInto('sync_logs').values(row).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

/**
 * Acknowledges commands: the ids the agent named, and every command first delivered before
 * `deliveredBefore` (an earlier heartbeat's response carried it).
 */
export async function acknowledgeCommands(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  ids: readonly string[],
  deliveredBefore: Date,
  now: Date,
): Promise<void> {
  await db
    .updateTable('sync_commands')
    .set({ acknowledged_at: now })
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('acknowledged_at', 'is', null)
    .where((eb) => eb.or([eb('delivered_at', '<=', deliveredBefore), ...(ids.length > 0 ? [eb('id', 'in', [...ids])] : [])]))
    .execute();
}

/** Pending (unacknowledged) commands, oldest first, marked as delivered now. */
export async function deliverPendingCommands(db: DbOrTrx, companyId: string, agentId: string, now: Date) {
  return db
    .updateTable('sync_commands')
    .set((eb) => ({ delivered_at: eb.fn.coalesce('delivered_at', sql<Date>`${now}::timestamptz`), delivery_count: eb('delivery_count', '+', 1) }))
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('acknowledged_at', 'is', null)
    .returning(['id', 'type', 'payload', 'issued_at'])
    .execute();
}

/** Registered releases (each has a download URL and checksum by constraint); compared in JS. */
export async function listReleases(db: DbOrTrx) {
  return db.selectFrom('sync_releases').selectAll().execute();
}

export async function upsertFieldLabels(
  db: DbOrTrx,
  companyId: string,
  defs: ReadonlyArray<{ field_key: string; label: string; field_type: 'string' | 'number' | 'date' | 'boolean' }>,
  now: Date,
): Promise<number> {
  if (defs.length === 0) return 0;
  const r = await db
    .insertInto('customer_field_labels')
    .values(defs.map((d) => ({ company_id: companyId, ...d, updated_at: now })))
    .onConflict((oc) =>
      oc.columns(['company_id', 'field_key']).doUpdateSet((eb) => ({
        label: eb.ref('excluded.label'),
        field_type: eb.ref('excluded.field_type'),
        updated_at: now,
      })),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function findFieldLabels(db: DbOrTrx, companyId: string) {
  return db.selectFrom('customer_field_labels').select(['field_key', 'label']).where('company_id', '=', companyId).execute();
}
