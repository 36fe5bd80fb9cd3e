import {
  suggestMapping,
  type ImportUploadBody,
  type ImportUploadResponse,
  type UploadPreview,
  type UploadProgress,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { toCsv } from './csv-export.js';
import { importCustomersJob } from './import-customers.job.js';
import type { ReceivedFile } from './upload-middleware.js';
import { readFailures, readProgress, resetProgress } from './upload-progress.js';
import { assertContentMatches, detectCsvEncoding, fileTypeOfName, listStaleFiles, readPreview, removeStoredFile, storedPath } from './upload-files.js';
import { columnMapOf, dataRows, distinctKeys } from './upload-rows.js';
import {
  claimUploadForImport,
  countCompanyCustomers,
  countExistingKeys,
  expireOldUploads,
  findBusyStoredNames,
  findPlanCap,
  findUpload,
  insertUpload,
  releaseUploadClaim,
  type UploadRow,
} from './uploads.repo.js';

/** An upload not imported within this time is deleted by the cleanup job. */
export const UPLOAD_TTL_MS = 24 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Preview of a freshly received file: checks type (extension + magic bytes), detects the CSV
 * encoding, reads headers/first rows/row count in one streamed pass and records the upload.
 * Any failure deletes the stored file.
 */
export async function createUpload(deps: AppDeps, scope: CompanyScope, actor: Actor, file: ReceivedFile): Promise<UploadPreview> {
  try {
    const fileType = fileTypeOfName(file.originalName);
    await assertContentMatches(file.path, fileType);
    const encoding = fileType === 'csv' ? await detectCsvEncoding(file.path) : null;
    const preview = await readPreview(file.path, fileType, encoding);
    const row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await insertUpload(trx, {
        company_id: scope.companyId,
        created_by: scope.userId,
        original_name: file.originalName,
        stored_name: file.storedName,
        file_type: fileType,
        size_bytes: file.size,
        encoding,
        sheet_name: preview.sheetName,
        headers: JSON.stringify(preview.headers),
        total_rows: preview.totalRows,
      });
      await recordAudit(trx, actor, {
        action: 'customer.upload.created',
        companyId: scope.companyId,
        targetType: 'upload',
        targetId: inserted.id,
        details: { fileType, sizeBytes: file.size, rows: preview.totalRows },
      });
      return inserted;
    });
    return {
      uploadId: row.id,
      originalName: row.original_name,
      fileType,
      headers: preview.headers,
      rows: preview.rows,
      totalRows: preview.totalRows,
      encoding,
      sheetName: preview.sheetName,
      suggestedMapping: suggestMapping(preview.headers),
      expiresAt: new Date(row.created_at.getTime() + UPLOAD_TTL_MS).toISOString(),
    };
  } catch (err) {
    await removeStoredFile(file.path);
    throw err;
  }
}

/** The caller's upload: same company; store-limited users see only their own uploads. */
async function getScopedUpload(deps: AppDeps, scope: CompanyScope, id: string): Promise<UploadRow> {
  if (!UUID.test(id)) throw notFound('업로드');
  const row = await findUpload(deps.db, scope.companyId, id);
  if (!row || (scope.storeCodes !== null && row.created_by !== scope.userId)) throw notFound('업로드');
  return row;
}

/**
 * Refuses an import that would take the company past its plan's customer cap: current customers
 * + (store code, phone) keys of the file not yet stored. Skipped when even an all-new file fits.
 */
async function assertWithinPlanCap(deps: AppDeps, scope: CompanyScope, upload: UploadRow, mapping: Record<string, string | null>): Promise<void> {
  const plan = await findPlanCap(deps.db, scope.companyId);
  if (!plan || plan.maxCustomers === null) return;
  const current = await countCompanyCustomers(deps.db, scope.companyId);
  if (current + upload.total_rows <= plan.maxCustomers) return;
  const columns = columnMapOf(upload.headers as string[], mapping);
  const rows = dataRows(storedPath(deps.config.uploadDir, upload.stored_name), upload.file_type, upload.encoding, { rowNumbers: false });
  const keys = await distinctKeys(rows, columns, scope);
  const existing = await countExistingKeys(deps.db, scope.companyId, keys.storeCodes, keys.phones);
  const newCustomers = keys.phones.length - existing;
  if (current + newCustomers > plan.maxCustomers) {
    const fmt = (n: number) => n.toLocaleString('ko-KR');
    throw conflict(
      `요금제의 최대 고객 수(${fmt(plan.maxCustomers)}명)를 넘습니다: 현재 ${fmt(current)}명 + 새 고객 ${fmt(newCustomers)}명 = ${fmt(current + newCustomers)}명. 요금제를 변경하거나 파일을 줄여 주세요.`,
      { maxCustomers: plan.maxCustomers, currentCustomers: current, newCustomers, afterImport: current + newCustomers },
    );
  }
}

/** Checks mapping and consent, the plan cap, then queues the import (job id = upload id). */
export async function requestImport(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, body: ImportUploadBody): Promise<ImportUploadResponse> {
  const upload = await getScopedUpload(deps, scope, id);
  const columns = columnMapOf(upload.headers as string[], body.mapping);
  if (!columns.some((c) => c.fieldKey === 'phone')) throw badRequest('휴대폰번호 열을 매핑해 주세요. 휴대폰 번호 없이는 고객을 가져올 수 없습니다.');
  const consent = body.consent ?? null;
  if (!columns.some((c) => c.fieldKey === 'sms_opt_in') && consent === null) {
    throw badRequest(
      '수신동의 열이 없습니다. 파일 전체의 수신동의 상태를 지정해 주세요(consent: all_consented 또는 all_refused). 수신동의는 절대 기본값으로 "동의" 처리되지 않습니다.',
      { consentRequired: true },
    );
  }
  if (upload.file_deleted_at !== null) throw conflict('업로드한 파일이 이미 삭제되었습니다. 파일을 다시 올려 주세요.');
  if (upload.status === 'queued' || upload.status === 'running' || upload.status === 'completed') {
    throw conflict('이 파일은 이미 가져오는 중이거나 가져왔습니다.', { status: upload.status });
  }
  await assertWithinPlanCap(deps, scope, upload, body.mapping);
  if (!(await claimUploadForImport(deps.db, scope.companyId, id, body.mapping, consent))) {
    throw conflict('이 파일은 이미 가져오는 중이거나 가져왔습니다.');
  }
  try {
    // a previous failed run keeps its BullMQ job (and id) for a while: remove it so the id is free
    const previous = await deps.queues.queue(importCustomersJob.name).getJob(id);
    if (previous && (await previous.isFailed())) await previous.remove();
    await resetProgress(deps.redis, deps.config.redisPrefix, id, upload.total_rows, 'queued');
    await deps.queues.enqueue(
      importCustomersJob,
      { uploadId: id, companyId: scope.companyId, scope: { storeCodes: scope.storeCodes, userId: scope.userId, role: scope.role } },
      { jobId: id },
    );
  } catch (err) {
    await releaseUploadClaim(deps.db, scope.companyId, id, upload.status);
    throw err;
  }
  await recordAudit(deps.db, actor, {
    action: 'customer.upload.import_requested',
    companyId: scope.companyId,
    targetType: 'upload',
    targetId: id,
    details: { fields: columns.map((c) => c.fieldKey), consent, rows: upload.total_rows },
  });
  return { uploadId: id, status: 'queued' };
}

type StoredResult = Partial<Record<'processed' | 'inserted' | 'updated' | 'unchanged' | 'failed' | 'total', number>>;

export async function getUploadProgress(deps: AppDeps, scope: CompanyScope, id: string): Promise<UploadProgress> {
  const upload = await getScopedUpload(deps, scope, id);
  const live = await readProgress(deps.redis, deps.config.redisPrefix, id);
  const base = { uploadId: upload.id, originalName: upload.original_name };
  if (live && upload.status !== 'uploaded' && upload.status !== 'expired') return { ...base, ...live };
  const r = (upload.result ?? {}) as StoredResult;
  return {
    ...base,
    status: upload.status,
    processed: r.processed ?? 0,
    inserted: r.inserted ?? 0,
    updated: r.updated ?? 0,
    unchanged: r.unchanged ?? 0,
    failed: r.failed ?? 0,
    total: r.total ?? upload.total_rows,
    startedAt: upload.started_at?.toISOString() ?? null,
    finishedAt: upload.finished_at?.toISOString() ?? null,
    error: upload.error_message,
    failuresStored: 0,
  };
}

/** The failure report: row number as in the file, phone, reason — UTF-8 with BOM for Excel. */
export async function getFailuresCsv(deps: AppDeps, scope: CompanyScope, id: string): Promise<{ filename: string; body: string }> {
  const upload = await getScopedUpload(deps, scope, id);
  const failures = await readFailures(deps.redis, deps.config.redisPrefix, id);
  const body = toCsv(['행 번호', '휴대폰번호', '실패 사유'], failures.map((f) => [f.row, f.phone, f.reason]));
  return { filename: `upload-failures-${upload.id}.csv`, body };
}

/**
 * Deletes files of uploads older than 24 h that were never imported (or whose import failed),
 * then sweeps files older than 24 h that no upload row claims (a crash between receiving and
 * recording). Files of uploads being imported are kept. Returns the number of files removed.
 */
export async function cleanupUploads(deps: AppDeps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - UPLOAD_TTL_MS);
  const expired = await expireOldUploads(deps.db, cutoff);
  for (const { stored_name } of expired) await removeStoredFile(storedPath(deps.config.uploadDir, stored_name));
  const stale = await listStaleFiles(deps.config.uploadDir, cutoff);
  const busy = await findBusyStoredNames(deps.db, stale);
  const orphans = stale.filter((name) => !busy.has(name));
  for (const name of orphans) await removeStoredFile(storedPath(deps.config.uploadDir, name));
  return expired.length + orphans.length;
}
