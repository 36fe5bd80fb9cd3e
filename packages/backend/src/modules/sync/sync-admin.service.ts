import type {
  CreateSyncReleaseBody,
  IssueSyncCommandBody,
  SyncAgentDetail,
  SyncAgentList,
  SyncAgentSummary,
  SyncCommandRecord,
  SyncConnection,
  SyncLogEntry,
  SyncLogPage,
  SyncLogQuery,
  SyncMapping,
  SyncRelease,
  UpdateSyncAgentBody,
} from '@hanjullo/shared';
import type { Selectable } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { SyncCommandsTable, SyncLogsTable, SyncReleasesTable } from '../../db/schema.js';
import { conflict, notFound } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import {
  findAgentCompany,
  insertCommand,
  insertRelease,
  listAgentStats,
  listCommands,
  listSyncLogs,
  updateAgentSettings,
  updateCompanyBatchLimit,
  type AgentStatsRow,
} from './sync-admin.repo.js';
import { listReleases } from './sync.repo.js';

/** Heartbeat age bounds (agents beat hourly): ≤ 70 min online, ≤ 130 min delayed, else offline. */
export const ONLINE_MINUTES = 70;
export const DELAYED_MINUTES = 130;
/** The error rate covers the batches of this window. */
export const ERROR_RATE_WINDOW_MS = 24 * 3600_000;

export function connectionOf(lastHeartbeatAt: Date | null, now: Date): SyncConnection {
  if (!lastHeartbeatAt) return 'offline';
  const minutes = (now.getTime() - lastHeartbeatAt.getTime()) / 60_000;
  if (minutes <= ONLINE_MINUTES) return 'online';
  if (minutes <= DELAYED_MINUTES) return 'delayed';
  return 'offline';
}

function toSummary(r: AgentStatsRow, now: Date): SyncAgentSummary {
  const total = Number(r.rows_total);
  return {
    id: r.id,
    companyId: r.company_id,
    companyName: r.company_name,
    agentName: r.agent_name,
    agentVersion: r.agent_version,
    osInfo: r.os_info,
    dbType: r.db_type,
    status: r.status,
    connection: connectionOf(r.last_heartbeat_at, now),
    lastHeartbeatAt: r.last_heartbeat_at?.toISOString() ?? null,
    lastSyncAt: r.last_sync_at?.toISOString() ?? null,
    totalCustomersSynced: Number(r.total_customers_synced),
    totalPurchasesSynced: Number(r.total_purchases_synced),
    reportedCustomersSynced: r.reported_customers_synced === null ? null : Number(r.reported_customers_synced),
    queuedItems: r.queued_items,
    uptime: Number(r.uptime),
    syncIntervalCustomers: r.sync_interval_customers,
    syncIntervalPurchases: r.sync_interval_purchases,
    heartbeatInterval: r.heartbeat_interval,
    batchSize: r.sync_batch_limit,
    mapping: (r.mapping ?? {}) as SyncMapping,
    errorRate: total > 0 ? Math.round((Number(r.rows_failed) / total) * 10_000) / 10_000 : 0,
    recentBatches: Number(r.batches),
    pendingCommands: Number(r.pending_commands),
    createdAt: r.created_at.toISOString(),
  };
}

const since = (deps: AppDeps) => new Date(deps.now().getTime() - ERROR_RATE_WINDOW_MS);

export async function listSyncAgents(deps: AppDeps, query: { companyId?: string; connection?: SyncConnection }): Promise<SyncAgentList> {
  const rows = await listAgentStats(deps.db, { companyId: query.companyId }, since(deps));
  const items = rows.map((r) => toSummary(r, deps.now()));
  return { items: query.connection ? items.filter((i) => i.connection === query.connection) : items };
}

async function getAgentCompany(deps: AppDeps, agentId: string) {
  const agent = await findAgentCompany(deps.db, agentId);
  if (!agent) throw notFound('동기화 에이전트');
  return agent;
}

function toLogEntry(l: Selectable<SyncLogsTable>): SyncLogEntry {
  return {
    id: String(l.id),
    agentId: l.agent_id,
    source: l.source,
    syncType: l.sync_type,
    syncMode: l.sync_mode,
    batchIndex: l.batch_index,
    totalBatches: l.total_batches,
    totalCount: l.total_count,
    successCount: l.success_count,
    failCount: l.fail_count,
    failures: (l.failures ?? []) as SyncLogEntry['failures'],
    durationMs: l.duration_ms,
    errorMessage: l.error_message,
    startedAt: l.started_at.toISOString(),
    completedAt: l.completed_at?.toISOString() ?? null,
  };
}

function toCommand(c: Selectable<SyncCommandsTable>): SyncCommandRecord {
  return {
    id: c.id,
    agentId: c.agent_id,
    type: c.type,
    payload: c.payload ?? null,
    issuedAt: c.issued_at.toISOString(),
    deliveredAt: c.delivered_at?.toISOString() ?? null,
    acknowledgedAt: c.acknowledged_at?.toISOString() ?? null,
  };
}

export async function getSyncAgent(deps: AppDeps, agentId: string): Promise<SyncAgentDetail> {
  const { company_id: companyId } = await getAgentCompany(deps, agentId);
  const [rows, logs, commands] = await Promise.all([
    listAgentStats(deps.db, { companyId, agentId }, since(deps)),
    listSyncLogs(deps.db, companyId, agentId, undefined, 10, 0),
    listCommands(deps.db, companyId, agentId, 20),
  ]);
  const row = rows[0];
  if (!row) throw notFound('동기화 에이전트');
  return { ...toSummary(row, deps.now()), recentLogs: logs.rows.map(toLogEntry), commands: commands.map(toCommand) };
}

export async function listAgentLogs(deps: AppDeps, agentId: string, query: SyncLogQuery): Promise<SyncLogPage> {
  const { company_id: companyId } = await getAgentCompany(deps, agentId);
  const { rows, total } = await listSyncLogs(deps.db, companyId, agentId, query.syncType, query.pageSize, (query.page - 1) * query.pageSize);
  return { items: rows.map(toLogEntry), total, page: query.page, pageSize: query.pageSize };
}

export async function updateSyncAgent(deps: AppDeps, actor: Actor, agentId: string, body: UpdateSyncAgentBody): Promise<SyncAgentDetail> {
  const { company_id: companyId } = await getAgentCompany(deps, agentId);
  await deps.db.transaction().execute(async (trx) => {
    const patch = {
      ...(body.syncIntervalCustomers !== undefined ? { sync_interval_customers: body.syncIntervalCustomers } : {}),
      ...(body.syncIntervalPurchases !== undefined ? { sync_interval_purchases: body.syncIntervalPurchases } : {}),
      ...(body.heartbeatInterval !== undefined ? { heartbeat_interval: body.heartbeatInterval } : {}),
      ...(body.mapping !== undefined ? { mapping: JSON.stringify(body.mapping) } : {}),
    };
    if (Object.keys(patch).length > 0) await updateAgentSettings(trx, companyId, agentId, patch, deps.now());
    if (body.batchSize !== undefined) await updateCompanyBatchLimit(trx, companyId, body.batchSize, deps.now());
    await recordAudit(trx, actor, { action: 'sync_agent.updated', companyId, targetType: 'sync_agent', targetId: agentId, details: { ...body } });
  });
  return getSyncAgent(deps, agentId);
}

export async function issueSyncCommand(deps: AppDeps, actor: Actor, agentId: string, body: IssueSyncCommandBody): Promise<SyncCommandRecord> {
  const { company_id: companyId } = await getAgentCompany(deps, agentId);
  const row = await deps.db.transaction().execute(async (trx) => {
    const cmd = await insertCommand(trx, {
      company_id: companyId,
      agent_id: agentId,
      type: body.type,
      payload: body.payload === undefined ? null : JSON.stringify(body.payload),
      issued_by: actor.type === 'super_admin' ? actor.id : null,
      issued_at: deps.now(),
    });
    await recordAudit(trx, actor, { action: 'sync_agent.command_issued', companyId, targetType: 'sync_agent', targetId: agentId, details: { commandId: cmd.id, type: body.type } });
    return cmd;
  });
  return toCommand(row);
}

const toRelease = (r: Selectable<SyncReleasesTable>): SyncRelease => ({
  version: r.version,
  downloadUrl: r.download_url,
  checksum: r.checksum,
  releaseNotes: r.release_notes,
  forceUpdate: r.force_update,
  createdAt: r.created_at.toISOString(),
});

export async function listSyncReleases(deps: AppDeps): Promise<SyncRelease[]> {
  return (await listReleases(deps.db)).map(toRelease).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Registering a release is what lets `/version` offer it to agents (their self-updater acts on it). */
export async function createSyncRelease(deps: AppDeps, actor: Actor, body: CreateSyncReleaseBody): Promise<SyncRelease> {
  const existing = await listReleases(deps.db);
  if (existing.some((r) => r.version === body.version)) throw conflict(`이미 등록된 버전입니다: ${body.version}`);
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertRelease(trx, {
      version: body.version,
      download_url: body.downloadUrl,
      checksum: body.checksum.replace(/^sha256:/, '').toLowerCase(),
      release_notes: body.releaseNotes ?? null,
      force_update: body.forceUpdate,
    });
    await recordAudit(trx, actor, { action: 'sync_release.created', targetType: 'sync_release', targetId: body.version, details: { forceUpdate: body.forceUpdate } });
    return toRelease(row);
  });
}
