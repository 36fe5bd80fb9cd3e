import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { UploadEncoding, UploadFileType } from '@hanjullo/shared';
import { badRequest } from '../../errors.js';
import { readXlsInWorker } from './xls-worker.js';

/** A cell as read from a file: spreadsheet dates arrive as Date (UTC midnight) or Excel serials. */
export type FileCell = string | number | boolean | Date | null;

export interface FileRow {
  /** The row number a person sees in the file (1-based; the header row included). */
  rowNumber: number;
  cells: FileCell[];
}

export interface OpenedRows {
  sheetName: string | null;
  rows: AsyncIterable<FileRow>;
}

/** Line breaks inside the record's fields (a quoted field may span lines). */
function innerLineBreaks(record: readonly string[]): number {
  let n = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) n++;
  }
  return n;
}

/**
 * Rows of a CSV file, streamed: bytes → (CP949 decoder) → csv-parse. The row number is the line
 * the record starts on (a quoted field may span lines); without `rowNumbers` it is 0 and the
 * parser skips its per-record bookkeeping (a preview only counts and shows rows).
 */
async function* csvRows(path: string, encoding: UploadEncoding, rowNumbers: boolean): AsyncGenerator<FileRow> {
  const parser = parseCsv({ bom: true, info: rowNumbers, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  const source = createReadStream(path);
  if (encoding === 'cp949') pipeline(source, iconv.decodeStream('cp949'), parser, () => undefined);
  else pipeline(source, parser, () => undefined);
  if (!rowNumbers) {
    for await (const record of parser as AsyncIterable<string[]>) yield { rowNumber: 0, cells: record };
    return;
  }
  for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
    yield { rowNumber: info.lines - innerLineBreaks(record), cells: record };
  }
}

interface ExcelRichText {
  richText: Array<{ text: string }>;
}

/** exceljs cell values → plain cells: rich text joined, formulas as their result, links as their text. */
export function excelCell(value: unknown): FileCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('richText' in value && Array.isArray((value as ExcelRichText).richText)) return (value as ExcelRichText).richText.map((r) => r.text).join('');
  if ('result' in value) return excelCell((value as { result: unknown }).result);
  if ('text' in value) return excelCell((value as { text: unknown }).text);
  return null; // { error: '#N/A' } and formulas without a cached result
}

/** The first worksheet of an .xlsx, streamed with exceljs (the workbook is never loaded whole). */
async function openXlsx(path: string): Promise<OpenedRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const sheets = reader[Symbol.asyncIterator]();
  const first = await sheets.next().catch(() => {
    throw badRequest('엑셀(.xlsx) 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인해 주세요.');
  });
  if (first.done) throw badRequest('엑셀 파일에 시트가 없습니다.');
  const sheet = first.value;
  const sheetName = (sheet as unknown as { name?: string }).name ?? null;
  async function* rows(): AsyncGenerator<FileRow> {
    try {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: FileCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(excelCell(values[i]));
        yield { rowNumber: row.number, cells };
      }
    } finally {
      // only the first sheet is read: let the reader close the zip
      await sheets.return?.(undefined).catch(() => undefined);
    }
  }
  return { sheetName, rows: rows() };
}

async function openXls(path: string): Promise<OpenedRows> {
  const { sheetName, rows } = await readXlsInWorker(path);
  async function* iterate(): AsyncGenerator<FileRow> {
    for (const [rowNumber, cells] of rows) yield { rowNumber, cells };
  }
  return { sheetName, rows: iterate() };
}

/**
 * The rows of a stored file. `rowNumbers: false` lets a reader that must count lines itself (CSV)
 * leave `rowNumber` at 0; spreadsheet rows always carry theirs.
 */
export async function openRows(
  path: string,
  fileType: UploadFileType,
  encoding: UploadEncoding | null,
  opts: { rowNumbers?: boolean } = {},
): Promise<OpenedRows> {
  if (fileType === 'csv') return { sheetName: null, rows: csvRows(path, encoding ?? 'utf-8', opts.rowNumbers ?? true) };
  if (fileType === 'xlsx') return openXlsx(path);
  return openXls(path);
}

export const isEmptyRow = (cells: readonly FileCell[]) =>
  cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** Header names: trimmed; blank ones become `열N`, repeated ones get ` (2)`, ` (3)` … */
export function headerNames(cells: readonly FileCell[]): string[] {
  const seen = new Map<string, number>();
  let last = cells.length;
  while (last > 0 && isEmptyRow([cells[last - 1] ?? null])) last--;
  return cells.slice(0, last).map((cell, i) => {
    const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : cell === null ? '' : String(cell).trim();
    const base = text === '' ? `열${i + 1}` : text;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
