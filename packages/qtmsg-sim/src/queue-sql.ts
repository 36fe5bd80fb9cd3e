import { logTableDdl, quoteIdent } from '@hanjullo/shared';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { SimClock } from './clock.js';

/**
 * Every statement the simulated agent runs against a queue table. Table names arrive already
 * checked by the shared guard and are only ever inserted through `quoteIdent`. `IN (?)` lists are
 * expanded by mysql2's client-side formatting (`query`, not `execute`).
 */

export interface QueueRow extends RowDataPacket {
  seqno: number;
  dest_no: string | null;
  call_back: string | null;
  msg_contents: string | null;
  msg_type: string | null;
  app_etc1: string | null;
  rsv1: string;
  file_name1: string | null;
  file_name2: string | null;
  file_name3: string | null;
}

const ROW_COLUMNS =
  'seqno, dest_no, call_back, msg_contents, msg_type, app_etc1, rsv1, file_name1, file_name2, file_name3';

export interface FinalResult {
  readonly code: number;
  readonly carrier: string | null;
  /** DATETIME strings in the report time zone. */
  readonly mobsendTime: string | null;
  readonly reportTime: string;
}

export function isNoSuchTable(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'ER_NO_SUCH_TABLE';
}

export async function readColumns(db: Pool, table: string): Promise<string[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  return rows.map((r) => String(r['name']));
}

/** Seconds the DB server's `NOW()` is ahead of UTC (the session zone is never touched). */
export async function readDbUtcOffsetSec(db: Pool): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS off');
  return Math.round(Number(rows[0]?.['off'] ?? 0) / 60) * 60;
}

export async function pollDue(
  db: Pool, table: string, clock: SimClock, limit: number, held: readonly number[],
): Promise<number[]> {
  const now = clock.sqlNow();
  const notHeld = held.length > 0 ? 'AND seqno NOT IN (?)' : '';
  const params: unknown[] = [...now.params, ...(held.length > 0 ? [held] : []), limit];
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT seqno FROM ${quoteIdent(table)}
      WHERE rsv1 = '1' AND sendreq_time <= ${now.sql} ${notHeld} ORDER BY seqno LIMIT ?`,
    params,
  );
  return rows.map((r) => Number(r['seqno']));
}

export async function countDue(db: Pool, table: string, clock: SimClock): Promise<number> {
  const now = clock.sqlNow();
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM ${quoteIdent(table)} WHERE rsv1 = '1' AND sendreq_time <= ${now.sql}`,
    [...now.params],
  );
  return Number(rows[0]?.['n'] ?? 0);
}

/** Claims rows still waiting; rows our backend deleted (cancelled) in between simply vanish. */
export async function claimRows(db: Pool, table: string, seqnos: readonly number[]): Promise<QueueRow[]> {
  await db.query(`UPDATE ${quoteIdent(table)} SET rsv1 = '2' WHERE seqno IN (?) AND rsv1 = '1'`, [seqnos]);
  return readRows(db, table, seqnos, ['2']);
}

export async function readRows(
  db: Pool, table: string, seqnos: readonly number[] | null, states: readonly string[],
): Promise<QueueRow[]> {
  const bySeqno = seqnos === null ? '' : 'AND seqno IN (?)';
  const [rows] = await db.query<QueueRow[]>(
    `SELECT ${ROW_COLUMNS} FROM ${quoteIdent(table)} WHERE rsv1 IN (?) ${bySeqno} ORDER BY seqno`,
    seqnos === null ? [states] : [states, seqnos],
  );
  return rows;
}

export async function existingSeqnos(db: Pool, table: string, seqnos: readonly number[]): Promise<Set<number>> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT seqno FROM ${quoteIdent(table)} WHERE seqno IN (?)`,
    [seqnos],
  );
  return new Set(rows.map((r) => Number(r['seqno'])));
}

/** rsv1 2 → 3 with status 104 (at the relay). Returns the number of rows updated. */
export async function markSubmitted(db: Pool, table: string, seqnos: readonly number[]): Promise<number> {
  const [res] = await db.query<ResultSetHeader>(
    `UPDATE ${quoteIdent(table)} SET rsv1 = '3', status_code = 104 WHERE seqno IN (?) AND rsv1 = '2'`,
    [seqnos],
  );
  return res.affectedRows;
}

/** → rsv1 4 with the final code and report columns. Returns the number of rows updated. */
export async function markFinal(
  db: Pool, table: string, seqnos: readonly number[], fromRsv1: '2' | '3', r: FinalResult,
): Promise<number> {
  const [res] = await db.query<ResultSetHeader>(
    `UPDATE ${quoteIdent(table)}
        SET rsv1 = '4', status_code = ?, mob_company = ?, mobsend_time = ?, repmsg_recvtm = ?
      WHERE seqno IN (?) AND rsv1 = ?`,
    [r.code, r.carrier, r.mobsendTime, r.reportTime, seqnos, fromRsv1],
  );
  return res.affectedRows;
}

/**
 * Copies reported rows into the log table with rsv1 '5' and deletes them from the live table, in
 * one transaction. Returns how many rows moved. Throws `ER_NO_SUCH_TABLE` when the log table is
 * missing (the agent's DB user cannot create it in production).
 */
export async function moveToLog(
  db: Pool, table: string, logTable: string, columns: readonly string[], seqnos: readonly number[],
): Promise<number> {
  const names = columns.map(quoteIdent);
  const values = columns.map((c) => (c === 'rsv1' ? "'5'" : quoteIdent(c)));
  const conn = await db.getConnection();
  try {
    await conn.beginTransaction();
    const [ins] = await conn.query<ResultSetHeader>(
      `INSERT INTO ${quoteIdent(logTable)} (${names.join(', ')})
       SELECT ${values.join(', ')} FROM ${quoteIdent(table)} WHERE seqno IN (?) AND rsv1 = '4'`,
      [seqnos],
    );
    const [del] = await conn.query<ResultSetHeader>(
      `DELETE FROM ${quoteIdent(table)} WHERE seqno IN (?) AND rsv1 = '4'`,
      [seqnos],
    );
    if (del.affectedRows !== ins.affectedRows) {
      throw new Error(`move of ${table} copied ${ins.affectedRows} rows but would delete ${del.affectedRows}`);
    }
    await conn.commit();
    return ins.affectedRows;
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

export async function createLogTable(db: Pool, table: string, logTable: string): Promise<void> {
  await db.query(logTableDdl(logTable, table));
}
