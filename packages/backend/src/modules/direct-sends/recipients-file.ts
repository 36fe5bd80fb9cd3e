import path from 'node:path';
import {
  CUSTOMER_FIELDS, cellText, lookupKey, type RecipientsFileInfo, type RecipientsFileType, type UploadFileType,
} from '@hanjullo/shared';
import { AppError, badRequest } from '../../errors.js';
import { headerNames, isEmptyRow, openRows, type FileCell } from '../uploads/file-readers.js';
import { assertContentMatches, detectCsvEncoding } from '../uploads/upload-files.js';
import type { ReceivedFile } from '../uploads/upload-middleware.js';

/**
 * A recipients file (direct sends, address books) → raw rows with the line numbers the file shows.
 * Reading is the customer-upload readers' (CSV UTF-8/CP949, XLSX streamed, XLS in a worker); this
 * file only finds the columns: by header alias, or — when the first row holds no phone header but
 * digits in its first cell — phones in the first column, then 이름, 기타1, 기타2, 기타3, 회신번호.
 * Phones are not normalised here: the list parsers do that and report invalid lines.
 */

export const RECIPIENT_FIELDS = ['이름', '기타1', '기타2', '기타3', '회신번호'] as const;
type RecipientField = (typeof RECIPIENT_FIELDS)[number];
type ColumnField = 'phone' | RecipientField;

export type RecipientFileRow = { line: number; phone: string | number } & Record<RecipientField, string | null>;

export interface RecipientsFile {
  info: RecipientsFileInfo;
  rows: RecipientFileRow[];
}

/** The direct-send schema's limits (`DirectRecipientInput`), so a parsed row can be sent as is. */
const MAX_LENGTH: Record<RecipientField, number> = { 이름: 100, 기타1: 200, 기타2: 200, 기타3: 200, 회신번호: 30 };

const aliasesOf = (fieldKey: string) => CUSTOMER_FIELDS.find((f) => f.fieldKey === fieldKey)?.aliases ?? [];
const ALIASES: Record<ColumnField, readonly string[]> = {
  phone: [...aliasesOf('phone'), '수신번호', '수신자번호', '수신자휴대폰', '수신자연락처', 'receiver'],
  이름: [...aliasesOf('name'), '수신자', '수신자명', '수신자이름'],
  기타1: ['기타1', 'etc1', 'extra1'],
  기타2: ['기타2', 'etc2', 'extra2'],
  기타3: ['기타3', 'etc3', 'extra3'],
  회신번호: ['회신번호', '발신번호', '보내는번호', 'callback', 'callbacknumber', 'sender'],
};
const FIELD_OF_HEADER = new Map<string, ColumnField>(
  (Object.entries(ALIASES) as Array<[ColumnField, readonly string[]]>).flatMap(([field, list]) => list.map((a) => [lookupKey(a), field] as const)),
);

const FILE_TYPES: Record<string, [RecipientsFileType, UploadFileType]> = {
  '.csv': ['csv', 'csv'], '.txt': ['txt', 'csv'], '.xlsx': ['xlsx', 'xlsx'], '.xls': ['xls', 'xls'],
};

function fileTypeOf(originalName: string): [RecipientsFileType, UploadFileType] {
  const types = FILE_TYPES[path.extname(originalName).toLowerCase()];
  if (!types) throw new AppError('unsupported_media_type', 415, 'CSV(.csv), 텍스트(.txt), 엑셀(.xlsx, .xls) 파일만 올릴 수 있습니다.');
  return types;
}

interface Layout {
  hasHeader: boolean;
  index: Map<ColumnField, number>;
  names: string[];
}

const NO_PHONE_COLUMN = '휴대폰 번호 열을 찾을 수 없습니다. 첫 행에 "휴대폰번호" 같은 머리글을 넣거나, 머리글 없이 첫 열에 휴대폰 번호를 넣어 주세요.';

/** The first non-empty row: a header when a cell names a known column, else data if its first cell has digits. */
function layoutOf(cells: readonly FileCell[]): Layout {
  const names = headerNames(cells);
  const index = new Map<ColumnField, number>();
  names.forEach((name, i) => {
    const field = FIELD_OF_HEADER.get(lookupKey(name));
    if (field && !index.has(field)) index.set(field, i);
  });
  if (index.has('phone')) return { hasHeader: true, index, names };
  const first = cells[0];
  // a header naming 이름/기타N but no phone is still a header (기타1 has a digit, too)
  if (index.size > 0 || first === null || first === undefined || !/\d/.test(String(first))) throw badRequest(NO_PHONE_COLUMN);
  const positional: ColumnField[] = ['phone', ...RECIPIENT_FIELDS];
  return { hasHeader: false, index: new Map(positional.map((f, i) => [f, i])), names: positional.map((_, i) => `열${i + 1}`) };
}

const textOf = (c: FileCell | undefined) => (c instanceof Date ? c.toISOString().slice(0, 10) : cellText(c));

function rowOf(line: number, cells: readonly FileCell[], layout: Layout): RecipientFileRow {
  const at = (f: ColumnField) => {
    const i = layout.index.get(f);
    return i === undefined ? undefined : cells[i];
  };
  const phoneCell = at('phone');
  // Excel numbers keep their type: normalizeMobile restores the leading 0 a spreadsheet dropped
  const row = { line, phone: typeof phoneCell === 'number' ? phoneCell : (textOf(phoneCell) ?? '') } as RecipientFileRow;
  for (const f of RECIPIENT_FIELDS) row[f] = textOf(at(f))?.slice(0, MAX_LENGTH[f]) ?? null;
  return row;
}

function infoOf(file: ReceivedFile, fileType: RecipientsFileType, encoding: RecipientsFileInfo['encoding'], layout: Layout, totalRows: number): RecipientsFileInfo {
  const column = (f: ColumnField) => {
    const i = layout.index.get(f);
    return i === undefined ? null : (layout.names[i] ?? `열${i + 1}`);
  };
  return {
    originalName: file.originalName, fileType, encoding, hasHeader: layout.hasHeader, totalRows,
    columns: { phone: column('phone') ?? '', 이름: column('이름'), 기타1: column('기타1'), 기타2: column('기타2'), 기타3: column('기타3'), 회신번호: column('회신번호') },
  };
}

/**
 * Reads a received recipients file (type by extension, checked against the bytes). Refuses, with a
 * Korean message, a wrong type, an empty file, a file without a phone column and more than
 * `maxRows` data rows. The caller removes the stored file.
 */
export async function readRecipientsFile(file: ReceivedFile, maxRows: number): Promise<RecipientsFile> {
  const [fileType, readerType] = fileTypeOf(file.originalName);
  await assertContentMatches(file.path, readerType);
  const encoding = readerType === 'csv' ? await detectCsvEncoding(file.path) : null;
  const { rows } = await openRows(file.path, readerType, encoding);
  let layout: Layout | undefined;
  const out: RecipientFileRow[] = [];
  try {
    for await (const { rowNumber, cells } of rows) {
      if (isEmptyRow(cells)) continue;
      if (!layout) {
        layout = layoutOf(cells);
        if (layout.hasHeader) continue;
      }
      if (out.length >= maxRows) {
        throw badRequest(`한 파일에는 수신자를 ${maxRows.toLocaleString('ko-KR')}명까지 올릴 수 있습니다. 파일을 나누어 올려 주세요.`, { maxRows });
      }
      out.push(rowOf(rowNumber, cells, layout));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badRequest('파일을 읽는 중 오류가 발생했습니다. 파일 형식을 확인해 주세요.', { reason: (err as Error).message });
  }
  if (!layout || out.length === 0) throw badRequest('파일에 수신자가 없습니다. 휴대폰 번호가 들어 있는 행이 있는지 확인해 주세요.');
  return { info: infoOf(file, fileType, encoding, layout, out.length), rows: out };
}
