import { z } from 'zod';
import { PageParam, pageSizeParam, pagedList } from './paging.js';

/**
 * The Sync Agent wire contract (SYNC-AGENT.md) — FIXED: deployed v1.5 agents send and read exactly
 * these names. Request envelopes are validated here; customer and purchase rows stay loose
 * (`Record<string, unknown>`) and are normalised row by row, so one bad row never rejects a batch.
 */

/** Deployed agents send `sync.batchSize` from their local config (default 4,000, up to 10,000). */
export const SYNC_MAX_ROWS_PER_REQUEST = 10_000;

export const SYNC_ERROR_CODES = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'VALIDATION_FAILED',
  'BATCH_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'SYNC_IN_PROGRESS',
  'AGENT_NOT_FOUND',
  'NOT_FOUND',
  'INTERNAL_ERROR',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const SyncCommandType = z.enum(['full_sync', 'restart', 'update_config', 'pause', 'resume'], {
  error: '명령 종류는 full_sync, restart, update_config, pause, resume 중 하나여야 합니다.',
});
export type SyncCommandType = z.infer<typeof SyncCommandType>;

export const SyncAgentStatus = z.enum(['active', 'paused', 'inactive', 'error'], {
  error: '상태는 active, paused, inactive, error 중 하나여야 합니다.',
});
export type SyncAgentStatus = z.infer<typeof SyncAgentStatus>;

export const SyncMode = z.enum(['full', 'incremental'], { error: 'mode는 full 또는 incremental이어야 합니다.' });
export type SyncMode = z.infer<typeof SyncMode>;
export const SyncType = z.enum(['customers', 'purchases'], { error: 'sync_type은 customers 또는 purchases여야 합니다.' });
export type SyncType = z.infer<typeof SyncType>;

export const SyncMapping = z.object({
  customers: z.record(z.string(), z.string()).optional(),
  purchases: z.record(z.string(), z.string()).optional(),
});
export type SyncMapping = z.infer<typeof SyncMapping>;

export const SyncCommand = z.object({
  id: z.string(),
  type: SyncCommandType,
  payload: z.unknown().optional(),
  issuedAt: z.string().optional(),
});
export type SyncCommand = z.infer<typeof SyncCommand>;

/** Intervals in minutes. */
export const RemoteConfig = z.object({
  syncIntervalCustomers: z.number().int().optional(),
  syncIntervalPurchases: z.number().int().optional(),
  heartbeatInterval: z.number().int().optional(),
  queueRetryInterval: z.number().int().optional(),
  version: z.string().optional(),
  batchSize: z.number().int().optional(),
  mapping: SyncMapping.optional(),
  commands: z.array(SyncCommand).optional(),
});
export type RemoteConfig = z.infer<typeof RemoteConfig>;

const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0);

export const SyncRegisterBody = z.object({
  apiKey: z.string().optional(),
  apiSecret: z.string().optional(),
  agentName: z.string({ error: 'agentName이 필요합니다.' }).trim().min(1, { error: 'agentName이 필요합니다.' }).max(100),
  agentVersion: text(50).optional(),
  osInfo: text(200).optional(),
  dbType: text(50).optional(),
});
export type SyncRegisterBody = z.infer<typeof SyncRegisterBody>;

export const SyncHeartbeatBody = z.object({
  agentId: z.uuid({ error: 'agentId가 올바르지 않습니다.' }),
  agentVersion: text(50).optional(),
  status: SyncAgentStatus.optional(),
  osInfo: text(200).optional(),
  dbType: text(50).optional(),
  lastSyncAt: z.iso.datetime({ offset: true, local: true, error: 'lastSyncAt은 ISO 시각이어야 합니다.' }).nullable().optional(),
  totalCustomersSynced: count.optional(),
  queuedItems: count.optional(),
  uptime: z.number().min(0).optional(),
  /** Our extension: ids of commands the agent executed (agents ≤ v1.5 do not send it). */
  ackCommandIds: z.array(z.uuid()).max(100).optional(),
});
export type SyncHeartbeatBody = z.infer<typeof SyncHeartbeatBody>;

const batchFields = {
  mode: SyncMode.default('incremental'),
  batchIndex: z.number().int().min(0).optional(),
  totalBatches: z.number().int().min(1).optional(),
};
const looseRow = z.record(z.string(), z.unknown());

export const SyncCustomersBody = z.object({
  customers: z.array(z.unknown(), { error: 'customers 배열이 필요합니다.' }).max(SYNC_MAX_ROWS_PER_REQUEST),
  ...batchFields,
});
export type SyncCustomersBody = z.infer<typeof SyncCustomersBody>;

export const SyncPurchasesBody = z.object({
  purchases: z.array(z.unknown(), { error: 'purchases 배열이 필요합니다.' }).max(SYNC_MAX_ROWS_PER_REQUEST),
  ...batchFields,
});
export type SyncPurchasesBody = z.infer<typeof SyncPurchasesBody>;

/** Documentation of a customer row (validated per row by the shared normalisers, not by zod). */
export const SyncCustomerRow = looseRow.describe(
  'phone (필수), name, gender, birth_date, birth_year, birth_month_day, age, email, address, region, grade, points, store_code, store_name, store_phone, registered_store, registration_type, recent_purchase_date, recent_purchase_amount, recent_purchase_store, total_purchase_amount, purchase_count, sms_opt_in, custom_fields',
);
export const SyncPurchaseRow = looseRow.describe(
  'customer_phone, purchase_date, total_amount (필수), store_code, store_name, product_code, product_name, quantity, unit_price, custom_fields',
);

export const SyncLogBody = z.object({
  agent_id: z.uuid({ error: 'agent_id가 올바르지 않습니다.' }),
  sync_type: SyncType,
  sync_mode: z.string().max(20).optional(),
  total_count: count.default(0),
  success_count: count.default(0),
  fail_count: count.default(0),
  duration_ms: count.optional(),
  error_message: z.string().max(4000).nullable().optional(),
  started_at: z.iso.datetime({ offset: true, local: true, error: 'started_at은 ISO 시각이어야 합니다.' }),
  completed_at: z.iso.datetime({ offset: true, local: true, error: 'completed_at은 ISO 시각이어야 합니다.' }).nullable().optional(),
});
export type SyncLogBody = z.infer<typeof SyncLogBody>;

export const SyncConfigQuery = z.object({ agent_id: z.uuid({ error: 'agent_id가 올바르지 않습니다.' }).optional() });
export const SyncVersionQuery = z.object({
  current_version: z.string().max(50).optional(),
  agent_id: z.string().max(64).optional(),
});

export const CustomFieldKeyParam = z.string().regex(/^custom_([1-9]|1[0-5])$/, { error: 'field_key는 custom_1~custom_15여야 합니다.' });
export const SyncFieldDefinitionsBody = z.object({
  definitions: z
    .array(
      z.object({
        field_key: CustomFieldKeyParam,
        field_label: z.string().trim().min(1, { error: 'field_label이 필요합니다.' }).max(100),
        field_type: z.enum(['string', 'number', 'date', 'boolean']).optional(),
      }),
    )
    .max(15),
});
export type SyncFieldDefinitionsBody = z.infer<typeof SyncFieldDefinitionsBody>;

export const SyncAiMappingBody = z.object({
  target: SyncType,
  tableName: z.string().max(200).optional(),
  dbType: z.string().max(50).optional(),
  columns: z.array(z.string().max(200)).max(500),
});
export type SyncAiMappingBody = z.infer<typeof SyncAiMappingBody>;

// ---- response `data` members

export const SyncRegisterData = z.object({ agentId: z.string(), companyId: z.string(), companyName: z.string(), config: RemoteConfig });
export const SyncHeartbeatData = z.object({
  serverTime: z.string(),
  latestVersion: z.string().optional(),
  downloadUrl: z.string().optional(),
  forceUpdate: z.boolean().optional(),
});
export const SyncCustomersData = z.object({
  upsertedCount: z.number().int(),
  failedCount: z.number().int(),
  failures: z.array(z.object({ phone: z.string(), reason: z.string() })),
});
export type SyncCustomersData = z.infer<typeof SyncCustomersData>;
export const SyncPurchasesData = z.object({
  insertedCount: z.number().int(),
  failedCount: z.number().int(),
  failures: z.array(z.object({ customerPhone: z.string(), reason: z.string() })),
});
export type SyncPurchasesData = z.infer<typeof SyncPurchasesData>;
export const SyncLogData = z.object({ logId: z.string() });
export const SyncVersionData = z.object({
  latestVersion: z.string(),
  currentVersion: z.string().optional(),
  updateAvailable: z.boolean().optional(),
  downloadUrl: z.string().optional(),
  checksum: z.string().optional(),
  forceUpdate: z.boolean().optional(),
  releaseNotes: z.string().optional(),
});
export type SyncVersionData = z.infer<typeof SyncVersionData>;
export const SyncFieldDefinitionsData = z.object({ savedCount: z.number().int() });
export const SyncFieldMapEntry = z.object({
  fieldKey: z.string(),
  category: z.string(),
  displayName: z.string(),
  aliases: z.array(z.string()),
  dataType: z.string(),
  storageType: z.enum(['column', 'custom_fields']),
  columnName: z.string(),
  normalizeFunction: z.string().nullable(),
  sortOrder: z.number().int(),
});
export const SyncFieldMapData = z.object({
  fieldMap: z.array(SyncFieldMapEntry),
  categoryLabels: z.record(z.string(), z.string()),
  version: z.string(),
});
export const SyncAiMappingData = z.object({
  mapping: z.record(z.string(), z.string().nullable()),
  modelUsed: z.string(),
  cacheHit: z.boolean(),
  tokensUsed: z.number(),
  costEstimate: z.number(),
});
export type SyncAiMappingData = z.infer<typeof SyncAiMappingData>;

/** `{ success: true, data }` plus the extra top-level members the agent reads. */
export const syncSuccess = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });
export const SyncErrorResponse = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.enum(SYNC_ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
    retry_after_seconds: z.number().int().optional(),
  }),
  retry_after_seconds: z.number().int().optional(),
});
export type SyncErrorResponse = z.infer<typeof SyncErrorResponse>;

// ---- super-admin monitoring (/api/admin/sync)

export const SyncConnection = z.enum(['online', 'delayed', 'offline']);
export type SyncConnection = z.infer<typeof SyncConnection>;

export const SyncAgentSummary = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  agentName: z.string(),
  agentVersion: z.string().nullable(),
  osInfo: z.string().nullable(),
  dbType: z.string().nullable(),
  status: z.string(),
  connection: SyncConnection,
  lastHeartbeatAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  totalCustomersSynced: z.number(),
  totalPurchasesSynced: z.number(),
  reportedCustomersSynced: z.number().nullable(),
  queuedItems: z.number(),
  uptime: z.number(),
  syncIntervalCustomers: z.number().int(),
  syncIntervalPurchases: z.number().int(),
  heartbeatInterval: z.number().int(),
  batchSize: z.number().int(),
  mapping: SyncMapping,
  /** Failed rows / rows over the batches of the last 24 hours (0–1). */
  errorRate: z.number(),
  recentBatches: z.number().int(),
  pendingCommands: z.number().int(),
  createdAt: z.string(),
});
export type SyncAgentSummary = z.infer<typeof SyncAgentSummary>;
export const SyncAgentList = z.object({ items: z.array(SyncAgentSummary) });
export type SyncAgentList = z.infer<typeof SyncAgentList>;

export const SyncAgentListQuery = z.object({
  companyId: z.uuid({ error: '고객사 ID가 올바르지 않습니다.' }).optional(),
  connection: SyncConnection.optional(),
});
export const SyncAgentParams = z.object({ agentId: z.uuid({ error: '에이전트 ID가 올바르지 않습니다.' }) });

export const SyncLogEntry = z.object({
  id: z.string(),
  agentId: z.string().nullable(),
  source: z.enum(['batch', 'agent_log']),
  syncType: z.string(),
  syncMode: z.string().nullable(),
  batchIndex: z.number().int().nullable(),
  totalBatches: z.number().int().nullable(),
  totalCount: z.number().int(),
  successCount: z.number().int(),
  failCount: z.number().int(),
  failures: z.array(z.object({ phone: z.string(), reason: z.string() })),
  durationMs: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type SyncLogEntry = z.infer<typeof SyncLogEntry>;
export const SyncLogQuery = z.object({
  syncType: SyncType.optional(),
  page: PageParam,
  pageSize: pageSizeParam(200, 50),
});
export type SyncLogQuery = z.infer<typeof SyncLogQuery>;
export const SyncLogPage = pagedList(SyncLogEntry);
export type SyncLogPage = z.infer<typeof SyncLogPage>;

const minutes = (label: string) =>
  z.number({ error: `${label}은(는) 숫자여야 합니다.` }).int().min(5, { error: `${label}은(는) 5분 이상이어야 합니다.` }).max(1440, { error: `${label}은(는) 1440분 이하여야 합니다.` });
export const UpdateSyncAgentBody = z
  .object({
    syncIntervalCustomers: minutes('고객 동기화 주기').optional(),
    syncIntervalPurchases: minutes('구매 동기화 주기').optional(),
    heartbeatInterval: minutes('하트비트 주기').optional(),
    mapping: SyncMapping.optional(),
    /** The company's recommended batch size (companies.sync_batch_limit). */
    batchSize: z.number().int().min(100, { error: '배치 크기는 100 이상이어야 합니다.' }).max(10_000, { error: '배치 크기는 10,000 이하여야 합니다.' }).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: '변경할 항목을 하나 이상 보내 주세요.' });
export type UpdateSyncAgentBody = z.infer<typeof UpdateSyncAgentBody>;

export const IssueSyncCommandBody = z.object({ type: SyncCommandType, payload: z.record(z.string(), z.unknown()).optional() });
export type IssueSyncCommandBody = z.infer<typeof IssueSyncCommandBody>;
export const SyncCommandRecord = z.object({
  id: z.string(),
  agentId: z.string(),
  type: SyncCommandType,
  payload: z.unknown().nullable(),
  issuedAt: z.string(),
  deliveredAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});
export type SyncCommandRecord = z.infer<typeof SyncCommandRecord>;
export const SyncAgentDetail = SyncAgentSummary.extend({ recentLogs: z.array(SyncLogEntry), commands: z.array(SyncCommandRecord) });
export type SyncAgentDetail = z.infer<typeof SyncAgentDetail>;

export const CreateSyncReleaseBody = z.object({
  version: z.string().trim().regex(/^\d+\.\d+\.\d+$/, { error: '버전은 1.5.3 형식이어야 합니다.' }),
  downloadUrl: z.url({ protocol: /^https$/, error: '다운로드 주소는 https URL이어야 합니다.' }),
  checksum: z.string().trim().regex(/^(sha256:)?[0-9a-fA-F]{64}$/, { error: '체크섬은 SHA-256 16진수여야 합니다.' }),
  releaseNotes: z.string().max(4000).optional(),
  forceUpdate: z.boolean().default(false),
});
export type CreateSyncReleaseBody = z.infer<typeof CreateSyncReleaseBody>;
export const SyncRelease = z.object({
  version: z.string(),
  downloadUrl: z.string(),
  checksum: z.string(),
  releaseNotes: z.string().nullable(),
  forceUpdate: z.boolean(),
  createdAt: z.string(),
});
export type SyncRelease = z.infer<typeof SyncRelease>;
