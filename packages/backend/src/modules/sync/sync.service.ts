import {
  CUSTOMER_FIELDS,
  FIELD_CATEGORY_LABELS,
  FIELD_MAP_VERSION,
  type RemoteConfig,
  type SyncAiMappingBody,
  type SyncAiMappingData,
  type SyncFieldDefinitionsBody,
  type SyncHeartbeatBody,
  type SyncLogBody,
  type SyncMapping,
  type SyncRegisterBody,
  type SyncVersionData,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { mapColumns } from '../ai/ai.service.js';
import { SyncError } from './sync.errors.js';
import { releaseFullSyncLock } from './sync.lock.js';
import {
  acknowledgeCommands,
  deliverPendingCommands,
  findAgent,
  findFieldLabels,
  insertSyncLog,
  listReleases,
  setAgentLastSync,
  updateAgentHeartbeat,
  upsertAgent,
  upsertFieldLabels,
  type SyncAgentRow,
  type SyncCompany,
} from './sync.repo.js';
import { resolveUpdate } from './sync-version.js';

/** Minutes the agent waits before re-sending its local queue (not configurable per agent yet). */
export const QUEUE_RETRY_INTERVAL_MINUTES = 5;
/**
 * Command acknowledgement: a heartbeat acknowledges the ids in `ackCommandIds` (our extension)
 * and — for agents ≤ v1.5, which cannot send it — every command first delivered at least this long
 * before it. The grace keeps a quick retry of a heartbeat whose response was lost from
 * acknowledging commands the agent never saw; until acknowledged, every heartbeat re-delivers.
 */
export const COMMAND_ACK_GRACE_MS = 2 * 60_000;

export const agentActor = (companyId: string, agentId: string | null): Actor => ({ type: 'sync_agent', id: agentId, companyId });

function mappingOf(agent: SyncAgentRow | undefined): SyncMapping | undefined {
  const m = (agent?.mapping ?? {}) as SyncMapping;
  return m.customers || m.purchases ? m : undefined;
}

/** The agent's RemoteConfig. `version` is left out: only `/version` may speak about updates. */
export function remoteConfigOf(company: SyncCompany, agent: SyncAgentRow | undefined): RemoteConfig {
  const mapping = mappingOf(agent);
  return {
    syncIntervalCustomers: agent?.sync_interval_customers ?? 60,
    syncIntervalPurchases: agent?.sync_interval_purchases ?? 60,
    heartbeatInterval: agent?.heartbeat_interval ?? 60,
    queueRetryInterval: QUEUE_RETRY_INTERVAL_MINUTES,
    batchSize: company.sync_batch_limit,
    ...(mapping ? { mapping } : {}),
  };
}

export async function registerAgent(deps: AppDeps, company: SyncCompany, body: SyncRegisterBody) {
  const agent = await deps.db.transaction().execute(async (trx) => {
    const row = await upsertAgent(
      trx,
      company.id,
      { agent_name: body.agentName, agent_version: body.agentVersion ?? null, os_info: body.osInfo ?? null, db_type: body.dbType ?? null },
      deps.now(),
    );
    if (row.inserted) {
      await recordAudit(trx, agentActor(company.id, row.id), {
        action: 'sync_agent.registered',
        targetType: 'sync_agent',
        targetId: row.id,
        details: { agentName: body.agentName, agentVersion: body.agentVersion ?? null, dbType: body.dbType ?? null },
      });
    }
    return row;
  });
  return { agentId: agent.id, companyId: company.id, companyName: company.name, config: remoteConfigOf(company, agent) };
}

async function getAgent(deps: AppDeps, company: SyncCompany, agentId: string): Promise<SyncAgentRow> {
  const agent = await findAgent(deps.db, company.id, agentId);
  if (!agent) throw new SyncError('AGENT_NOT_FOUND', 404, '등록되지 않은 에이전트입니다. 에이전트를 다시 등록해 주세요.');
  return agent;
}

export async function heartbeat(deps: AppDeps, company: SyncCompany, body: SyncHeartbeatBody) {
  const now = deps.now();
  await getAgent(deps, company, body.agentId);
  const commands = await deps.db.transaction().execute(async (trx) => {
    await updateAgentHeartbeat(
      trx,
      company.id,
      body.agentId,
      {
        ...(body.agentVersion ? { agent_version: body.agentVersion } : {}),
        ...(body.osInfo ? { os_info: body.osInfo } : {}),
        ...(body.dbType ? { db_type: body.dbType } : {}),
        ...(body.status ? { status: body.status } : {}),
        ...(body.queuedItems !== undefined ? { queued_items: body.queuedItems } : {}),
        ...(body.uptime !== undefined ? { uptime: Math.floor(body.uptime) } : {}),
        ...(body.totalCustomersSynced !== undefined ? { reported_customers_synced: body.totalCustomersSynced } : {}),
        last_sync_at: body.lastSyncAt ? new Date(body.lastSyncAt) : null,
      },
      now,
    );
    await acknowledgeCommands(trx, company.id, body.agentId, body.ackCommandIds ?? [], new Date(now.getTime() - COMMAND_ACK_GRACE_MS), now);
    return deliverPendingCommands(trx, company.id, body.agentId, now);
  });
  const agent = await getAgent(deps, company, body.agentId);
  const update = resolveUpdate(body.agentVersion ?? agent.agent_version ?? undefined, await listReleases(deps.db));
  const data = {
    serverTime: now.toISOString(),
    ...(update.updateAvailable ? { latestVersion: update.latestVersion, downloadUrl: update.downloadUrl, forceUpdate: update.forceUpdate } : {}),
  };
  const remoteConfig: RemoteConfig = {
    ...remoteConfigOf(company, agent),
    commands: commands
      .sort((a, b) => a.issued_at.getTime() - b.issued_at.getTime())
      .map((c) => ({ id: c.id, type: c.type, ...(c.payload === null ? {} : { payload: c.payload }), issuedAt: c.issued_at.toISOString() })),
  };
  return { data, remoteConfig };
}

export async function recordAgentLog(deps: AppDeps, company: SyncCompany, body: SyncLogBody): Promise<{ logId: string }> {
  const agent = await findAgent(deps.db, company.id, body.agent_id);
  const startedAt = new Date(body.started_at);
  const completedAt = body.completed_at ? new Date(body.completed_at) : null;
  const logId = await insertSyncLog(deps.db, {
    company_id: company.id,
    agent_id: agent?.id ?? null,
    source: 'agent_log',
    sync_type: body.sync_type,
    sync_mode: body.sync_mode ?? null,
    total_count: body.total_count,
    success_count: body.success_count,
    fail_count: body.fail_count,
    failures: '[]',
    duration_ms: body.duration_ms ?? null,
    error_message: body.error_message ?? null,
    started_at: startedAt,
    completed_at: completedAt,
  });
  if (agent) await setAgentLastSync(deps.db, company.id, agent.id, completedAt ?? startedAt);
  // the agent reports a finished run: its full sync no longer needs the lock
  if (body.sync_mode === 'full') await releaseFullSyncLock(deps, company.id, body.sync_type);
  return { logId };
}

export async function getRemoteConfig(deps: AppDeps, company: SyncCompany, agentId: string | undefined): Promise<RemoteConfig> {
  const agent = agentId ? await getAgent(deps, company, agentId) : undefined;
  return remoteConfigOf(company, agent);
}

export async function checkVersion(deps: AppDeps, currentVersion: string | undefined): Promise<SyncVersionData> {
  return resolveUpdate(currentVersion, await listReleases(deps.db));
}

export async function saveFieldDefinitions(deps: AppDeps, company: SyncCompany, body: SyncFieldDefinitionsBody): Promise<{ savedCount: number }> {
  // one row per key (last wins): ON CONFLICT cannot touch a row twice in one statement
  const byKey = new Map(body.definitions.map((d) => [d.field_key, { field_key: d.field_key, label: d.field_label, field_type: d.field_type ?? 'string' as const }]));
  return { savedCount: await upsertFieldLabels(deps.db, company.id, [...byKey.values()], deps.now()) };
}

/** The catalog of customer-fields.ts, with the company's own labels on custom_1..15. */
export async function getFieldMap(deps: AppDeps, company: SyncCompany) {
  const labels = new Map((await findFieldLabels(deps.db, company.id)).map((l) => [l.field_key, l.label]));
  return {
    fieldMap: CUSTOMER_FIELDS.map((f) => ({ ...f, aliases: [...f.aliases], displayName: labels.get(f.fieldKey) ?? f.displayName })),
    categoryLabels: { ...FIELD_CATEGORY_LABELS },
    version: FIELD_MAP_VERSION,
  };
}

/** Column names only (never data) → field keys through the AI mapping service (dictionary when offline or over budget). */
export async function suggestAiMapping(deps: AppDeps, company: SyncCompany, body: SyncAiMappingBody): Promise<SyncAiMappingData> {
  const result = await mapColumns(deps, company.id, { target: body.target, columns: body.columns }, { rateLimit: false, onBudgetExhausted: 'dictionary' });
  return { mapping: result.mapping, modelUsed: result.model, cacheHit: result.cacheHit, tokensUsed: result.tokensIn + result.tokensOut, costEstimate: 0 };
}
