import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UPLOAD_PREVIEW_ROWS, type UploadCell, type UploadEncoding, type UploadFileType } from '@hanjullo/shared';
import { AppError, badRequest } from '../../errors.js';
import { headerNames, isEmptyRow, openRows, type FileCell } from './file-readers.js';

/** Stored files are named by 16 random bytes in hex — never anything the client sent. */
export const STORED_NAME = /^[0-9a-f]{32}$/;

export function storedPath(uploadDir: string, storedName: string): string {
  if (!STORED_NAME.test(storedName)) throw new Error('invalid stored upload name');
  return path.join(uploadDir, storedName);
}

export async function ensureUploadDir(uploadDir: string): Promise<void> {
  await mkdir(uploadDir, { recursive: true, mode: 0o700 });
}

export async function removeStoredFile(filePath: string): Promise<void> {
  await unlink(filePath).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/** Stored files whose mtime is before `cutoff` (the cleanup job's safety net for orphans). */
export async function listStaleFiles(uploadDir: string, cutoff: Date): Promise<string[]> {
  const names = await readdir(uploadDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const stale: string[] = [];
  for (const name of names.filter((n) => STORED_NAME.test(n))) {
    const s = await stat(path.join(uploadDir, name)).catch(() => null);
    if (s && s.mtime < cutoff) stale.push(name);
  }
  return stale;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const unsupported = (message: string) => new AppError('unsupported_media_type', 415, message);

export function fileTypeOfName(originalName: string): UploadFileType {
  const ext = path.extname(originalName).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.xls') return 'xls';
  throw unsupported('CSV(.csv), 엑셀(.xlsx, .xls) 파일만 올릴 수 있습니다.');
}

/**
 * The extension and the bytes must agree: .xlsx is a zip, .xls an OLE compound file, .csv text
 * (neither magic, no NUL bytes in the first 8 KB). A renamed file is refused, not guessed.
 */
export async function assertContentMatches(filePath: string, fileType: UploadFileType): Promise<void> {
  const handle = await open(filePath, 'r');
  const head = Buffer.alloc(8192);
  let bytes = 0;
  try {
    bytes = (await handle.read(head, 0, head.length, 0)).bytesRead;
  } finally {
    await handle.close();
  }
  const sample = head.subarray(0, bytes);
  if (bytes === 0) throw badRequest('빈 파일입니다.');
  const isZip = sample.subarray(0, 4).equals(ZIP_MAGIC);
  const isOle = sample.subarray(0, 8).equals(OLE_MAGIC);
  const mismatch = unsupported('파일 확장자와 내용이 일치하지 않습니다. 엑셀에서 저장한 원본 파일(.xlsx, .xls, .csv)을 올려 주세요.');
  if (fileType === 'xlsx' && !isZip) throw mismatch;
  if (fileType === 'xls' && !isOle) throw mismatch;
  if (fileType === 'csv' && (isZip || isOle || sample.includes(0))) throw mismatch;
}

/** UTF-8 if the whole file decodes strictly (BOM or not), else CP949/EUC-KR (a superset). */
export async function detectCsvEncoding(filePath: string): Promise<UploadEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(filePath)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'cp949';
  }
}

export interface FilePreview {
  headers: string[];
  rows: UploadCell[][];
  totalRows: number;
  sheetName: string | null;
}

/** Dates of spreadsheets are shown as their calendar date (readers give UTC midnight). */
const previewCell = (c: FileCell | undefined): UploadCell => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? null));

/** One streamed pass: the header row (first non-empty), the first rows, the count of data rows. */
export async function readPreview(filePath: string, fileType: UploadFileType, encoding: UploadEncoding | null): Promise<FilePreview> {
  const { sheetName, rows } = await openRows(filePath, fileType, encoding, { rowNumbers: false });
  let headers: string[] | null = null;
  const preview: UploadCell[][] = [];
  let totalRows = 0;
  try {
    for await (const { cells } of rows) {
      if (isEmptyRow(cells)) continue;
      if (headers === null) {
        headers = headerNames(cells);
        continue;
      }
      totalRows++;
      if (preview.length < UPLOAD_PREVIEW_ROWS) preview.push(headers.map((_, i) => previewCell(cells[i])));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badRequest('파일을 읽는 중 오류가 발생했습니다. 파일 형식을 확인해 주세요.', { reason: (err as Error).message });
  }
  if (headers === null || headers.length === 0) throw badRequest('파일에 머리글(첫 행)이 없습니다.');
  return { headers, rows: preview, totalRows, sheetName };
}
