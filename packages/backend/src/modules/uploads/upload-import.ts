import { kstDate } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { Logger } from '../../logger.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { upsertCustomers, WRITE_CHUNK } from '../customers/customer-writer.js';
import type { CompanyScope } from '../scope/scope.js';
import { batchPipeline } from './batch-pipeline.js';
import { appendFailures, resetProgress, saveProgress, type ImportCounts, type ImportFailure } from './upload-progress.js';
import { removeStoredFile, storedPath } from './upload-files.js';
import { columnMapOf, dataRows, prepareRow, type PreparedRow } from './upload-rows.js';
import { finishUpload, findUpload, markUploadRunning, type UploadRow } from './uploads.repo.js';

type Ready = Extract<PreparedRow, { ok: true }>;

/** Rows read between two turns of the event loop while a batch is being written. */
const YIELD_EVERY = 25;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface ImportState {
  counts: ImportCounts;
  failuresStored: number;
}

type Written = Awaited<ReturnType<typeof upsertCustomers>>;
const NOTHING_WRITTEN: Written = { inserted: 0, updated: 0, unchanged: 0, failed: [] };

/** Records a written batch's counts and failures (batches are recorded in file order). */
async function recordBatch(deps: AppDeps, upload: UploadRow, batch: Ready[], rejected: ImportFailure[], written: Written, state: ImportState) {
  const failures = [
    ...rejected,
    ...written.failed.map((f) => ({ row: batch[f.index]?.rowNumber ?? 0, phone: f.phone, reason: f.reason })),
  ].sort((a, b) => a.row - b.row);
  const c = state.counts;
  c.processed += batch.length + rejected.length;
  c.inserted += written.inserted;
  c.updated += written.updated;
  c.unchanged += written.unchanged;
  c.failed += failures.length;
  state.failuresStored = await appendFailures(deps.redis, deps.config.redisPrefix, upload.id, state.failuresStored, failures);
  await saveProgress(deps.redis, deps.config.redisPrefix, upload.id, { ...c, failuresStored: state.failuresStored });
}

/** Batches being written at once, at most (each its own ≤ 1,000-row transactions). */
const MAX_IN_FLIGHT = 2;

/**
 * Streams the file in batches of WRITE_CHUNK rows: normalise → scope → `upsertCustomers`. The
 * next batch is read while earlier ones are written, and up to MAX_IN_FLIGHT batches are written
 * at once — but never two that share a phone: the rows of one phone (whatever their store code)
 * are written in file order, so later rows win and opt-outs and purchase links come out as in a
 * one-at-a-time import. Counts and failures are recorded in file order. Holds at most
 * MAX_IN_FLIGHT + 1 batches in memory.
 */
async function importRows(deps: AppDeps, actor: Actor, upload: UploadRow, scope: CompanyScope, state: ImportState): Promise<void> {
  const columns = columnMapOf(upload.headers as string[], upload.mapping as Record<string, string | null>);
  const consentDefault = upload.consent === 'all_consented';
  const today = kstDate(deps.now());
  const pipeline = batchPipeline<Written>(MAX_IN_FLIGHT);
  let batch: Ready[] = [];
  let rejected: ImportFailure[] = [];
  const flush = async () => {
    const rows = batch;
    const rowsRejected = rejected;
    batch = [];
    rejected = [];
    await pipeline.submit(
      new Set(rows.map((r) => r.customer.phone)),
      async () => (rows.length > 0 ? upsertCustomers(deps, actor, upload.company_id, rows.map((r) => r.customer), { source: 'upload', consentDefault }) : NOTHING_WRITTEN),
      (written) => recordBatch(deps, upload, rows, rowsRejected, written, state),
    );
  };
  try {
    let sinceYield = 0;
    for await (const row of dataRows(storedPath(deps.config.uploadDir, upload.stored_name), upload.file_type, upload.encoding)) {
      // a parser hands over a whole read buffer (hundreds of rows) without touching the event loop:
      // let the writes in flight take their next round trip now, not after the whole buffer
      if (++sinceYield === YIELD_EVERY) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      const prepared = prepareRow(row, columns, scope, today);
      if (prepared.ok) batch.push(prepared);
      else rejected.push({ row: prepared.rowNumber, phone: prepared.phone, reason: prepared.reason });
      if (batch.length + rejected.length >= WRITE_CHUNK) await flush();
    }
    await flush();
    await pipeline.drain();
  } catch (err) {
    // no write may still be running when the upload is marked failed
    await pipeline.drain().catch(() => undefined);
    throw err;
  }
}

export interface ImportJobScope {
  storeCodes: string[] | null;
  userId: string | null;
  role: CompanyScope['role'];
}

/** The `import-customers` job body. Idempotent: a completed or expired upload is left alone. */
export async function runUploadImport(deps: AppDeps, log: Logger, companyId: string, uploadId: string, jobScope: ImportJobScope): Promise<void> {
  const upload = await findUpload(deps.db, companyId, uploadId);
  if (!upload || !(await markUploadRunning(deps.db, companyId, uploadId, deps.now()))) {
    log.info({ uploadId, status: upload?.status }, 'upload import skipped: not queued');
    return;
  }
  const prefix = deps.config.redisPrefix;
  const startedAt = deps.now();
  const state: ImportState = { counts: { processed: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0, total: upload.total_rows }, failuresStored: 0 };
  await resetProgress(deps.redis, prefix, uploadId, upload.total_rows, 'running');
  await saveProgress(deps.redis, prefix, uploadId, { startedAt: startedAt.toISOString() });
  const actor: Actor = { type: 'user', id: upload.created_by, companyId };
  const scope: CompanyScope = { companyId, ...jobScope };
  const t0 = performance.now();
  try {
    await importRows(deps, actor, upload, scope, state);
  } catch (err) {
    const finishedAt = deps.now();
    const error = '가져오기 중 오류가 발생했습니다. 다시 시도해 주세요.';
    log.error({ err, uploadId }, 'upload import failed');
    await finishUpload(deps.db, companyId, uploadId, { status: 'failed', result: state.counts, error, finishedAt, fileDeleted: false });
    await saveProgress(deps.redis, prefix, uploadId, { status: 'failed', error, finishedAt: finishedAt.toISOString() });
    throw err;
  }
  const finishedAt = deps.now();
  // the file has served its purpose: deleted before the upload is marked completed (LESSONS 27)
  await removeStoredFile(storedPath(deps.config.uploadDir, upload.stored_name));
  await finishUpload(deps.db, companyId, uploadId, { status: 'completed', result: state.counts, error: null, finishedAt, fileDeleted: true });
  await recordAudit(deps.db, actor, { action: 'customer.upload.imported', companyId, targetType: 'upload', targetId: uploadId, details: { ...state.counts } });
  await saveProgress(deps.redis, prefix, uploadId, { status: 'completed', finishedAt: finishedAt.toISOString() });
  log.info({ uploadId, ...state.counts, ms: Math.round(performance.now() - t0) }, 'upload imported');
}
