import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { quoteIdent } from '@hanjullo/shared';
import { smsqSendTable, type MysqlPool } from '../../db/mysql.js';
import { validationFailed } from '../../errors.js';
import { from, resolveRowSources, unionAll } from './qtmsg-sql.js';

/**
 * The one module that writes QTmsg queue rows (QTMSG.md §1, DESIGN-NOTES §2). Rows arrive fully
 * rendered (merge + ad wrap done by the shared builder). Each batch is one multi-row INSERT —
 * atomic in InnoDB, so a batch tag is either wholly in MySQL or absent, which is what makes
 * exactly-once resume possible.
 */

export interface QueueRow {
  destNo: string;
  callBack: string;
  body: string;
  msgType: 'S' | 'L' | 'M';
  subject?: string;
  /** MMS only: 1–3 JPG paths on the agent host or http(s) URLs, in slot order. */
  files?: string[];
  billId?: string;
}

export interface EnqueueTag {
  /** `app_etc1`: the run (campaign run, test send, 2FA challenge …). */
  runId: string;
  /** `app_etc2`; default `String(batch index)`. A plain string tags every batch the same. */
  batchTag?: string | ((batchIndex: number) => string);
  /**
   * Index of the first batch of this call in the run. Resume and split sends write a run in several
   * calls; the index keeps round-robin (batch b → tables[b % n]) and default tags run-global.
   */
  firstBatchIndex?: number;
}

export interface EnqueueResult {
  perTable: Record<string, number>;
  batches: number;
}

/** Columns we bind per row; `msg_instm`, `sendreq_time`, `status_code`, `rsv1` are SQL literals. */
const BOUND_COLUMNS = [
  'dest_no', 'call_back', 'msg_contents', 'msg_type', 'title_str', 'bill_id',
  'file_name1', 'file_name2', 'file_name3', 'app_etc1', 'app_etc2',
] as const;
export const PARAMS_PER_ROW = BOUND_COLUMNS.length;
/** MySQL's prepared-statement limit; we stay under it even though `query` formats client-side. */
export const MAX_BIND_PARAMS = 65_535;
/**
 * 5,000 rows (55,000 values, ≈ 1 MB of SQL) per statement: measured ≈ 30% more rows/s than 2,000
 * on the reference machine, fewer commits for the agent's table, well under `max_allowed_packet`.
 */
export const MAX_ROWS_PER_STATEMENT = Math.min(5_000, Math.floor(MAX_BIND_PARAMS / PARAMS_PER_ROW));

const COLUMN_LIST = [...BOUND_COLUMNS, 'msg_instm', 'sendreq_time', 'status_code', 'rsv1'].join(', ');
// NOW() is the DB clock the agent compares `sendreq_time` with; a JS time here once delayed every
// message by 9 hours (KST strings into a UTC server). NOW() is constant within one statement.
const SQL_NOW = { toSqlString: () => 'NOW()' };
/** Values after the bound ones, in `COLUMN_LIST` order: `NOW(), NOW(), 100, '1'`. */
const FIXED_TAIL = [SQL_NOW, SQL_NOW, 100, '1'] as const;

const DIGITS = /^\d{1,20}$/;
const MAX_TEXT = { title: 200, billId: 40, file: 120, etc: 50 } as const;

function fail(index: number, field: string, value: unknown, why: string): never {
  throw validationFailed(`큐 행 ${index + 1}번의 ${field} 값이 올바르지 않습니다: ${why}`, { row: index, field, value });
}

/** `010-1234-5678` → `01012345678`; anything but digits left over is refused. */
function digitsOnly(value: string, index: number, field: string): string {
  const digits = value.replace(/-/g, '').trim();
  if (!DIGITS.test(digits)) fail(index, field, value, '숫자(하이픈 허용) 1–20자리여야 합니다');
  return digits;
}

function checkLength(value: string, max: number, index: number, field: string): string {
  if (value.length > max) fail(index, field, value, `${max}자를 넘습니다`);
  return value;
}

function filesOf(row: QueueRow, index: number): [string, string, string] {
  const files = (row.files ?? []).map((f) => checkLength(f.trim(), MAX_TEXT.file, index, 'files'));
  if (row.msgType !== 'M' && files.length > 0) fail(index, 'files', row.files, 'MMS(M)에만 첨부할 수 있습니다');
  // The agent answers an M row without an image with 9007 for sure; refuse it before it costs money.
  if (row.msgType === 'M' && (files.length < 1 || files.length > 3)) fail(index, 'files', row.files, 'MMS는 1–3개');
  return [files[0] ?? '', files[1] ?? '', files[2] ?? ''];
}

/** One row's bound values in `BOUND_COLUMNS` order, or a validation error naming the row. */
function rowValues(row: QueueRow, index: number, runId: string, tag: string): unknown[] {
  if (!['S', 'L', 'M'].includes(row.msgType)) fail(index, 'msgType', row.msgType, 'S, L, M 중 하나');
  if (typeof row.body !== 'string' || row.body.length === 0) fail(index, 'body', row.body, '내용이 비어 있습니다');
  return [
    digitsOnly(row.destNo, index, 'destNo'),
    digitsOnly(row.callBack, index, 'callBack'),
    row.body,
    row.msgType,
    row.msgType === 'S' ? null : checkLength(row.subject ?? '', MAX_TEXT.title, index, 'subject'),
    checkLength(row.billId ?? '', MAX_TEXT.billId, index, 'billId'),
    ...filesOf(row, index),
    runId,
    tag,
  ];
}

function tagOf(tag: EnqueueTag, batchIndex: number): string {
  const value = typeof tag.batchTag === 'function' ? tag.batchTag(batchIndex) : tag.batchTag ?? String(batchIndex);
  if (value.length === 0 || value.length > MAX_TEXT.etc) throw validationFailed(`배치 태그가 올바르지 않습니다: ${value}`);
  return value;
}

interface Batch {
  readonly index: number;
  readonly table: string;
  readonly values: unknown[][];
}

/** Slices rows into statements and validates every row before anything is written. */
function planBatches(tables: readonly string[], rows: readonly QueueRow[], tag: EnqueueTag): Batch[] {
  if (tag.runId.length === 0 || tag.runId.length > MAX_TEXT.etc) throw validationFailed('실행 ID가 올바르지 않습니다.');
  const first = tag.firstBatchIndex ?? 0;
  const batches: Batch[] = [];
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_STATEMENT) {
    const index = first + batches.length;
    const batchTag = tagOf(tag, index);
    const values = rows
      .slice(start, start + MAX_ROWS_PER_STATEMENT)
      .map((row, i) => rowValues(row, start + i, tag.runId, batchTag));
    batches.push({ index, table: tables[index % tables.length]!, values });
  }
  return batches;
}

/** One multi-row INSERT; `VALUES ?` with nested arrays lets the driver build the list in one pass. */
async function insertRows(conn: PoolConnection | MysqlPool, table: string, values: readonly unknown[][]): Promise<ResultSetHeader> {
  const rows = values.map((v) => [...v, ...FIXED_TAIL]);
  const [res] = await conn.query<ResultSetHeader>(`INSERT INTO ${quoteIdent(table)} (${COLUMN_LIST}) VALUES ?`, [rows]);
  return res;
}

async function insertBatch(conn: PoolConnection, batch: Batch): Promise<number> {
  return (await insertRows(conn, batch.table, batch.values)).affectedRows;
}

/** Raised when some statements failed; the completed batches are committed and listed. */
export class EnqueueError extends Error {
  constructor(readonly completedBatches: readonly number[], readonly failedBatch: number, cause: unknown) {
    super(`queue insert failed at batch ${failedBatch}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'EnqueueError';
  }
}

interface LaneState {
  readonly perTable: Record<string, number>;
  readonly completed: number[];
  failure?: { batch: number; cause: unknown };
}

/** One table's batches, in order, on one connection; stops at the first failure of any lane. */
async function runLane(mysql: MysqlPool, lane: readonly Batch[], state: LaneState): Promise<void> {
  let conn: PoolConnection;
  try {
    conn = await mysql.getConnection();
  } catch (cause) {
    state.failure ??= { batch: lane[0]?.index ?? -1, cause };
    return;
  }
  try {
    for (const batch of lane) {
      if (state.failure) return;
      try {
        const written = await insertBatch(conn, batch);
        state.perTable[batch.table] = (state.perTable[batch.table] ?? 0) + written;
        state.completed.push(batch.index);
      } catch (cause) {
        state.failure ??= { batch: batch.index, cause };
        return;
      }
    }
  } finally {
    conn.release();
  }
}

/**
 * Writes rows as multi-row INSERTs, batch b into tables[b % n], one lane (connection) per table
 * running in parallel. Resolves only after every lane has stopped, so on failure nothing is still
 * being written when the caller decides what to resume.
 */
export async function enqueueBatch(
  mysql: MysqlPool,
  tables: readonly string[],
  rows: readonly QueueRow[],
  tag: EnqueueTag,
): Promise<EnqueueResult> {
  if (tables.length === 0) throw validationFailed('발송 테이블이 지정되지 않았습니다.');
  // Every name and every row is checked before the first statement: a refusal writes nothing.
  const checked = tables.map((t) => smsqSendTable(t));
  const batches = planBatches(checked, rows, tag);
  const state: LaneState = { perTable: Object.fromEntries(checked.map((t) => [t, 0])), completed: [] };
  const lanes = checked.map((_, lane) => batches.filter((b) => b.index % checked.length === lane));
  await Promise.all(lanes.filter((l) => l.length > 0).map((lane) => runLane(mysql, lane, state)));
  if (state.failure) {
    throw new EnqueueError(state.completed.sort((a, b) => a - b), state.failure.batch, state.failure.cause);
  }
  return { perTable: state.perTable, batches: batches.length };
}

/** A single message (test send, 2FA) on the test or auth line. Returns the queue row's seqno. */
export async function sendSingleMessage(
  mysql: MysqlPool,
  table: string,
  row: QueueRow,
  runId: string,
  batchTag = '0',
): Promise<number> {
  const name = smsqSendTable(table);
  if (runId.length === 0 || runId.length > MAX_TEXT.etc) throw validationFailed('실행 ID가 올바르지 않습니다.');
  const res = await insertRows(mysql, name, [rowValues(row, 0, runId, batchTag)]);
  return res.insertId;
}

/**
 * Which batch tags of a run already reached MySQL, live or archived — for exactly-once resume: a
 * present tag is done (its INSERT was atomic), an absent one must be written again.
 */
export async function batchTagsPresent(
  mysql: MysqlPool,
  tables: readonly string[],
  runId: string,
  months: readonly string[],
  tags: readonly string[],
): Promise<Set<string>> {
  if (tags.length === 0) return new Set();
  const sources = await resolveRowSources(mysql, tables, months);
  const union = unionAll(sources, (src) => ({
    sql: `SELECT DISTINCT app_etc2 AS tag FROM ${from(src)} WHERE app_etc1 = ? AND app_etc2 IN (?)`,
    params: [runId, tags],
  }));
  const [rows] = await mysql.query(union.sql, union.params);
  return new Set((rows as Array<{ tag: string }>).map((r) => r.tag));
}
