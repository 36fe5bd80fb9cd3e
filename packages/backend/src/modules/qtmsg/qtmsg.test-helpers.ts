import { logTableDdl, quoteIdent } from '@hanjullo/shared';
import type { MysqlPool } from '../../db/mysql.js';
import type { QueueRow } from './queue-writer.js';

/** Raw MySQL access for assertions: tests check real rows, not the module's own readers. */

export type Row = Record<string, unknown>;

export async function sqlRows(mysql: MysqlPool, sql: string, params: unknown[] = []): Promise<Row[]> {
  const [rows] = await mysql.query(sql, params);
  return rows as Row[];
}

export async function countRun(mysql: MysqlPool, table: string, runId: string): Promise<number> {
  const rows = await sqlRows(mysql, `SELECT COUNT(*) AS n FROM ${quoteIdent(table)} WHERE app_etc1 = ?`, [runId]);
  return Number(rows[0]?.['n']);
}

/** SMS rows with distinct numbers `010` + 8 digits and distinct bodies (the agent drops duplicates). */
export function smsRows(count: number, prefix = '0109', overrides: Partial<QueueRow> = {}): QueueRow[] {
  return Array.from({ length: count }, (_, i) => ({
    destNo: `${prefix}${String(i).padStart(11 - prefix.length, '0')}`,
    callBack: '02-1588-1234',
    body: `안녕하세요 #${i}`,
    msgType: 'S' as const,
    ...overrides,
  }));
}

export async function dbMonthOffset(mysql: MysqlPool, offset: number): Promise<string> {
  const rows = await sqlRows(mysql, "SELECT DATE_FORMAT(NOW() + INTERVAL ? MONTH, '%Y%m') AS ym", [offset]);
  return String(rows[0]?.['ym']);
}

/**
 * Does what the agent does when it archives: copy matching rows into `<table>_<ym>` with rsv1 '5'
 * and delete them from the live table (creating the log table if the test needs an odd month).
 */
export async function archiveRows(mysql: MysqlPool, table: string, ym: string, where: string, params: unknown[]): Promise<number> {
  const log = quoteIdent(`${table}_${ym}`);
  await mysql.query(logTableDdl(`${table}_${ym}`, table));
  const [res] = await mysql.query(`INSERT INTO ${log} SELECT * FROM ${quoteIdent(table)} WHERE ${where}`, params);
  await mysql.query(`UPDATE ${log} SET rsv1 = '5' WHERE ${where}`, params);
  await mysql.query(`DELETE FROM ${quoteIdent(table)} WHERE ${where}`, params);
  return (res as { affectedRows: number }).affectedRows;
}
