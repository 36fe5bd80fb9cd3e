import { normalizeCustomerRecord, normalizeMobile, type NormalizedCustomer, type UploadEncoding, type UploadFileType } from '@hanjullo/shared';
import { badRequest } from '../../errors.js';
import { applyStoreScope } from '../customers/customers.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { isEmptyRow, openRows, type FileCell, type FileRow } from './file-readers.js';

/** Column index → field key, from the user's mapping (checked against the file's headers). */
export type ColumnMap = Array<{ index: number; fieldKey: string }>;

export function columnMapOf(headers: readonly string[], mapping: Record<string, string | null>): ColumnMap {
  const unknown = Object.keys(mapping).filter((column) => !headers.includes(column));
  if (unknown.length > 0) throw badRequest(`파일에 없는 열이 매핑에 있습니다: ${unknown.join(', ')}`, { columns: unknown });
  const columns: ColumnMap = [];
  const byField = new Map<string, string>();
  headers.forEach((header, index) => {
    const fieldKey = mapping[header] ?? null;
    if (fieldKey === null) return;
    const other = byField.get(fieldKey);
    if (other !== undefined) throw badRequest(`두 열(${other}, ${header})이 같은 항목(${fieldKey})에 매핑되었습니다.`, { fieldKey, columns: [other, header] });
    byField.set(fieldKey, header);
    columns.push({ index, fieldKey });
  });
  return columns;
}

/** Data rows (after the header row, empty rows skipped) of an upload (`rowNumbers`: see openRows). */
export async function* dataRows(
  filePath: string,
  fileType: UploadFileType,
  encoding: UploadEncoding | null,
  opts: { rowNumbers?: boolean } = {},
): AsyncGenerator<FileRow> {
  const { rows } = await openRows(filePath, fileType, encoding, opts);
  let sawHeader = false;
  for await (const row of rows) {
    if (isEmptyRow(row.cells)) continue;
    if (!sawHeader) {
      sawHeader = true;
      continue;
    }
    yield row;
  }
}

export function rawRecord(cells: readonly FileCell[], columns: ColumnMap): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const { index, fieldKey } of columns) raw[fieldKey] = cells[index] ?? null;
  return raw;
}

export const cellForReport = (v: unknown): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

export type PreparedRow = { ok: true; rowNumber: number; customer: NormalizedCustomer } | { ok: false; rowNumber: number; phone: string; reason: string };

/** One file row → a customer ready for the writer, or the reason it cannot be imported. */
export function prepareRow(row: FileRow, columns: ColumnMap, scope: CompanyScope, today: string): PreparedRow {
  const raw = rawRecord(row.cells, columns);
  const normalized = normalizeCustomerRecord(raw, { today });
  if (!normalized.ok) return { ok: false, rowNumber: row.rowNumber, phone: cellForReport(raw.phone), reason: normalized.reason };
  const scoped = applyStoreScope(scope, normalized.value);
  if (!scoped.ok) return { ok: false, rowNumber: row.rowNumber, phone: normalized.value.phone, reason: scoped.reason };
  return { ok: true, rowNumber: row.rowNumber, customer: scoped.value };
}

/**
 * The distinct (store code, phone) keys the file would write — read from the phone and store
 * columns only, for the plan-cap check before an import is queued.
 */
export async function distinctKeys(
  rows: AsyncIterable<FileRow>,
  columns: ColumnMap,
  scope: CompanyScope,
): Promise<{ storeCodes: Array<string | null>; phones: string[] }> {
  const phoneCol = columns.find((c) => c.fieldKey === 'phone')?.index;
  const storeCol = columns.find((c) => c.fieldKey === 'store_code')?.index;
  const seen = new Set<string>();
  const out = { storeCodes: [] as Array<string | null>, phones: [] as string[] };
  for await (const { cells } of rows) {
    const cell = phoneCol === undefined ? null : cells[phoneCol];
    const phone = typeof cell === 'number' || typeof cell === 'string' ? normalizeMobile(cell) : null;
    if (phone === null) continue;
    const storeCell = storeCol === undefined ? null : cells[storeCol];
    let store = storeCell === null || storeCell === undefined ? null : cellForReport(storeCell).trim() || null;
    if (store === null && scope.storeCodes?.length === 1) store = scope.storeCodes[0] ?? null;
    if (scope.storeCodes !== null && (store === null || !scope.storeCodes.includes(store))) continue;
    const key = `${store ?? ''}\u0001${phone}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.storeCodes.push(store);
    out.phones.push(phone);
  }
  return out;
}
