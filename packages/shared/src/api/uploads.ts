import { z } from 'zod';
import { CUSTOMER_FIELDS } from '../customer-fields.js';

/**
 * Customer file upload (`/api/customers/uploads…`): upload → preview → import (a background job)
 * → progress by polling → failure report as CSV. Files are `.csv` (UTF-8 or CP949), `.xlsx`, `.xls`.
 */
export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const UPLOAD_PREVIEW_ROWS = 20;
export const UPLOAD_FILE_TYPES = ['csv', 'xlsx', 'xls'] as const;
export type UploadFileType = (typeof UPLOAD_FILE_TYPES)[number];

export const UploadEncoding = z.enum(['utf-8', 'cp949']);
export type UploadEncoding = z.infer<typeof UploadEncoding>;

/** A preview cell: what the file holds (dates of spreadsheets as `YYYY-MM-DD`). */
export const UploadCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type UploadCell = z.infer<typeof UploadCell>;

export const UploadPreview = z.object({
  uploadId: z.string(),
  originalName: z.string(),
  fileType: z.enum(UPLOAD_FILE_TYPES),
  /** The first non-empty row. Blank or repeated header cells are named `열N`. */
  headers: z.array(z.string()),
  /** The first 20 data rows, one cell per header. */
  rows: z.array(z.array(UploadCell)),
  /** Non-empty data rows in the file (header excluded). */
  totalRows: z.number().int(),
  /** CSV only: how the bytes were decoded; null for spreadsheets. */
  encoding: UploadEncoding.nullable(),
  /** Spreadsheets: the sheet that is read (always the first one); null for CSV. */
  sheetName: z.string().nullable(),
  /** Column → field key from the alias dictionary (null = not imported). */
  suggestedMapping: z.record(z.string(), z.string().nullable()),
  /** The upload is deleted if it is not imported within this time. */
  expiresAt: z.string(),
});
export type UploadPreview = z.infer<typeof UploadPreview>;

export const UploadIdParams = z.object({ id: z.string() });
export type UploadIdParams = z.infer<typeof UploadIdParams>;

const CUSTOMER_FIELD_KEYS = new Set(CUSTOMER_FIELDS.map((f) => f.fieldKey));

/** How the uploader states consent for a file that has no consent column (never a silent yes). */
export const UploadConsent = z.enum(['all_consented', 'all_refused'], {
  error: "수신동의 일괄 지정은 'all_consented' 또는 'all_refused'여야 합니다.",
});
export type UploadConsent = z.infer<typeof UploadConsent>;

export const ImportUploadBody = z.strictObject(
  {
    mapping: z.record(
      z.string(),
      z
        .string()
        .nullable()
        .refine((k) => k === null || CUSTOMER_FIELD_KEYS.has(k), { error: '알 수 없는 고객 항목입니다.' }),
      { error: '매핑은 {열 이름: 항목 키 | null} 형태여야 합니다.' },
    ),
    consent: UploadConsent.nullable().optional(),
  },
  { error: '요청 본문은 { mapping, consent } 객체여야 합니다.' },
);
export type ImportUploadBody = z.infer<typeof ImportUploadBody>;

export const UploadStatus = z.enum(['uploaded', 'queued', 'running', 'completed', 'failed', 'expired']);
export type UploadStatus = z.infer<typeof UploadStatus>;

export const UploadProgress = z.object({
  uploadId: z.string(),
  originalName: z.string(),
  status: UploadStatus,
  processed: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Why the import stopped (status failed). */
  error: z.string().nullable(),
  /** Failures kept for the report (the first 10,000; `failed` counts them all). */
  failuresStored: z.number().int(),
});
export type UploadProgress = z.infer<typeof UploadProgress>;

export const ImportUploadResponse = z.object({ uploadId: z.string(), status: UploadStatus });
export type ImportUploadResponse = z.infer<typeof ImportUploadResponse>;
