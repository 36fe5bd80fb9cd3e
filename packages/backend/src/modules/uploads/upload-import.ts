import { kstDate } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { Logger } from '../../logger.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { upsertCustomers, WRITE_CHUNK } from '../customers/customer-writer.js';
import type { CompanyScope } from '../scope/scope.js';
import { appendFailures, resetProgress, saveProgress, type ImportCounts, type ImportFailure } from './upload-progress.js';
import { removeStoredFile, storedPath } from './upload-files.js';
import { columnMapOf, dataRows, prepareRow, type PreparedRow } from './upload-rows.js';
import { finishUpload, findUpload, markUploadRunning, type UploadRow } from './uploads.repo.js';

type Ready = Extract<PreparedRow, { ok: true }>;

interface ImportState {
  counts: ImportCounts;
  failuresStored: number;
}

/** Writes one batch through the one writer and records its counts and failures. */
async function writeBatch(deps: AppDeps, actor: Actor, upload: UploadRow, batch: Ready[], rejected: ImportFailure[], consentDefault: boolean, state: ImportState) {
  const written = batch.length > 0
    ? await upsertCustomers(deps, actor, upload.company_id, batch.map((r) => r.customer), { source: 'upload', consentDefault })
    : { inserted: 0, updated: 0, unchanged: 0, failed: [] };
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

/**
 * Streams the file in batches of WRITE_CHUNK rows: normalise → scope → `upsertCustomers`. While
 * one batch is written the next is read and normalised (one write in flight, so counts stay in
 * file order). Never holds more than two batches in memory.
 */
async function importRows(deps: AppDeps, actor: Actor, upload: UploadRow, scope: CompanyScope, state: ImportState): Promise<void> {
  const columns = columnMapOf(upload.headers as string[], upload.mapping as Record<string, string | null>);
  const consentDefault = upload.consent === 'all_consented';
  const today = kstDate(deps.now());
  let batch: Ready[] = [];
  let rejected: ImportFailure[] = [];
  let inflight: Promise<void> | null = null;
  const flush = async () => {
    if (inflight) await inflight;
    inflight = writeBatch(deps, actor, upload, batch, rejected, consentDefault, state);
    inflight.catch(() => undefined); // awaited below; this only stops an "unhandled" report meanwhile
    batch = [];
    rejected = [];
  };
  for await (const row of dataRows(storedPath(deps.config.uploadDir, upload.stored_name), upload.file_type, upload.encoding)) {
    const prepared = prepareRow(row, columns, scope, today);
    if (prepared.ok) batch.push(prepared);
    else rejected.push({ row: prepared.rowNumber, phone: prepared.phone, reason: prepared.reason });
    if (batch.length + rejected.length >= WRITE_CHUNK) await flush();
  }
  await flush();
  await inflight;
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
