import {
  kstDate,
  normalizeCustomerRecord,
  normalizePurchaseRecord,
  SYNC_MAX_ROWS_PER_REQUEST,
  type NormalizedCustomer,
  type NormalizedPurchase,
  type RemoteConfig,
  type SyncCustomersBody,
  type SyncCustomersData,
  type SyncMode,
  type SyncPurchasesBody,
  type SyncPurchasesData,
  type SyncType,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { upsertCustomers, upsertPurchases, WRITE_CHUNK } from '../customers/customer-writer.js';
import { SyncError } from './sync.errors.js';
import { acquireFullSyncLock, releaseFullSyncLock } from './sync.lock.js';
import { bumpAgentCounters, findCurrentAgent, insertSyncLog, type SyncAgentRow, type SyncCompany } from './sync.repo.js';
import { agentActor, remoteConfigOf } from './sync.service.js';

/** Failures kept on a sync_logs row (the response lists them all). */
export const LOGGED_FAILURES = 100;

interface BatchMeta {
  mode: SyncMode;
  batchIndex?: number | undefined;
  totalBatches?: number | undefined;
}

/** Checked before zod so an oversized batch gets a clear 413 and a loud log line, not a field error. */
export function assertBatchSize(deps: AppDeps, company: SyncCompany, type: SyncType, rows: unknown): void {
  if (!Array.isArray(rows) || rows.length <= SYNC_MAX_ROWS_PER_REQUEST) return;
  deps.logger.warn({ companyId: company.id, type, rows: rows.length }, `sync batch refused: ${rows.length} rows > ${SYNC_MAX_ROWS_PER_REQUEST}`);
  throw new SyncError(
    'BATCH_TOO_LARGE',
    413,
    `한 번에 보낼 수 있는 행은 최대 ${SYNC_MAX_ROWS_PER_REQUEST.toLocaleString('en-US')}개입니다(받은 행: ${rows.length.toLocaleString('en-US')}개). 에이전트 설정의 sync.batchSize를 ${SYNC_MAX_ROWS_PER_REQUEST.toLocaleString('en-US')} 이하로 낮춰 주세요.`,
    { maxRows: SYNC_MAX_ROWS_PER_REQUEST, receivedRows: rows.length },
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const phoneText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const isLastBatch = (b: BatchMeta) => b.batchIndex === undefined || b.totalBatches === undefined || b.batchIndex >= b.totalBatches - 1;

/** Lock (full mode), run the write, log the batch, bump counters, release after the last batch. */
async function runBatch(
  deps: AppDeps,
  company: SyncCompany,
  type: SyncType,
  meta: BatchMeta,
  holder: string,
  total: number,
  write: (agent: SyncAgentRow | undefined) => Promise<{ success: number; failures: Array<{ phone: string; reason: string }> }>,
): Promise<RemoteConfig> {
  const startedAt = deps.now();
  const t0 = performance.now();
  if (meta.mode === 'full') await acquireFullSyncLock(deps, company.id, type, holder, meta.batchIndex);
  const agent = await findCurrentAgent(deps.db, company.id);
  const { success, failures } = await write(agent);
  await insertSyncLog(deps.db, {
    company_id: company.id,
    agent_id: agent?.id ?? null,
    source: 'batch',
    sync_type: type,
    sync_mode: meta.mode,
    batch_index: meta.batchIndex ?? null,
    total_batches: meta.totalBatches ?? null,
    total_count: total,
    success_count: success,
    fail_count: failures.length,
    failures: JSON.stringify(failures.slice(0, LOGGED_FAILURES)),
    duration_ms: Math.round(performance.now() - t0),
    error_message: null,
    started_at: startedAt,
    completed_at: deps.now(),
  });
  if (agent) {
    await bumpAgentCounters(deps.db, company.id, agent.id, type === 'customers' ? { customers: success, purchases: 0 } : { customers: 0, purchases: success }, deps.now());
  }
  if (meta.mode === 'full' && isLastBatch(meta)) await releaseFullSyncLock(deps, company.id, type);
  return remoteConfigOf(company, agent);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `/customers`: each row normalised alone (a bad row is a failure with the phone as sent and a
 * Korean reason; the rest is stored), written through the customer writer in ≤ 1,000-row
 * transactions with the sync rules (no erasing, no re-subscribing, refusals → opt-outs).
 *
 * Rows are normalised a writer chunk (WRITE_CHUNK good rows) at a time, the next chunk while the
 * previous one is being written, with a turn of the event loop in between: a 10,000-row batch
 * never holds the process for its whole normalisation. The chunks, their order and the answer
 * are those of one `upsertCustomers` call over all good rows (normalisation failures first, in
 * row order, then the writer's).
 */
export async function syncCustomers(
  deps: AppDeps,
  company: SyncCompany,
  body: SyncCustomersBody,
  holder: string,
): Promise<{ data: SyncCustomersData; config: RemoteConfig }> {
  const failures: SyncCustomersData['failures'] = [];
  const config = await runBatch(deps, company, 'customers', body, holder, body.customers.length, async (agent) => {
    const today = kstDate(deps.now());
    const actor = agentActor(company.id, agent?.id ?? null);
    const writeFailures: SyncCustomersData['failures'] = [];
    let good = 0;
    let writing: Promise<void> = Promise.resolve();
    const write = async (chunk: NormalizedCustomer[], chunkPhones: string[]) => {
      const written = await upsertCustomers(deps, actor, company.id, chunk, { source: 'sync', consentDefault: false });
      for (const f of written.failed) writeFailures.push({ phone: chunkPhones[f.index] ?? f.phone, reason: f.reason });
    };
    let rows: NormalizedCustomer[] = [];
    let sentPhones: string[] = [];
    const flush = async () => {
      await writing;
      writing = write(rows, sentPhones);
      writing.catch(() => undefined); // awaited below; this only stops an "unhandled" report meanwhile
      rows = [];
      sentPhones = [];
      await yieldToEventLoop();
    };
    for (const raw of body.customers) {
      const r = isRecord(raw) ? normalizeCustomerRecord(raw, { today }) : { ok: false as const, reason: '고객 항목이 객체가 아닙니다.' };
      const phone = isRecord(raw) ? phoneText(raw.phone) : '';
      if (!r.ok) failures.push({ phone, reason: r.reason });
      else {
        good++;
        rows.push(r.value);
        sentPhones.push(phone);
        if (rows.length === WRITE_CHUNK) await flush();
      }
    }
    if (rows.length > 0) await flush();
    await writing;
    failures.push(...writeFailures);
    return { success: good - writeFailures.length, failures };
  });
  return { data: { upsertedCount: body.customers.length - failures.length, failedCount: failures.length, failures }, config };
}

/** `/purchases`: idempotent — a re-sent batch inserts nothing (duplicates are neither inserted nor failures). */
export async function syncPurchases(
  deps: AppDeps,
  company: SyncCompany,
  body: SyncPurchasesBody,
  holder: string,
): Promise<{ data: SyncPurchasesData; config: RemoteConfig }> {
  const failures: Array<{ phone: string; reason: string }> = [];
  let inserted = 0;
  const config = await runBatch(deps, company, 'purchases', body, holder, body.purchases.length, async (agent) => {
    const today = kstDate(deps.now());
    const good: NormalizedPurchase[] = [];
    const sentPhones: string[] = [];
    for (const raw of body.purchases) {
      const r = isRecord(raw) ? normalizePurchaseRecord(raw, { today }) : { ok: false as const, reason: '구매 항목이 객체가 아닙니다.' };
      const phone = isRecord(raw) ? phoneText(raw.customer_phone) : '';
      if (!r.ok) failures.push({ phone, reason: r.reason });
      else {
        good.push(r.value);
        sentPhones.push(phone);
      }
    }
    const written = await upsertPurchases(deps, agentActor(company.id, agent?.id ?? null), company.id, good, 'sync');
    for (const f of written.failed) failures.push({ phone: sentPhones[f.index] ?? f.phone, reason: f.reason });
    inserted = written.inserted;
    return { success: written.inserted, failures };
  });
  return {
    data: { insertedCount: inserted, failedCount: failures.length, failures: failures.map((f) => ({ customerPhone: f.phone, reason: f.reason })) },
    config,
  };
}
