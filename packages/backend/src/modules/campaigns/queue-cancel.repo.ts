import type { ResultSetHeader } from 'mysql2/promise';
import { quoteIdent } from '@hanjullo/shared';
import { smsqSendTable, type MysqlPool } from '../../db/mysql.js';

/**
 * Taking queued messages back (QTMSG.md §2): only rows still waiting (rsv1 '1', status 100) can be
 * deleted; rows the agent claimed (rsv1 '2'/'3') are with the relay and will get a real result.
 * Log tables hold only finished rows, so only the live tables are touched.
 */
export async function deleteWaitingRows(mysql: MysqlPool, tables: readonly string[], runId: string): Promise<number> {
  let deleted = 0;
  for (const t of tables) {
    const [res] = await mysql.query<ResultSetHeader>(
      `DELETE FROM ${quoteIdent(smsqSendTable(t))} WHERE app_etc1 = ? AND rsv1 = '1' AND status_code = 100`,
      [runId],
    );
    deleted += res.affectedRows;
  }
  return deleted;
}

export async function countTakenRows(mysql: MysqlPool, tables: readonly string[], runId: string): Promise<number> {
  let taken = 0;
  for (const t of tables) {
    const [rows] = await mysql.query(
      `SELECT COUNT(*) AS n FROM ${quoteIdent(smsqSendTable(t))} WHERE app_etc1 = ? AND rsv1 IN ('2', '3')`,
      [runId],
    );
    taken += Number((rows as Array<{ n: unknown }>)[0]?.n ?? 0);
  }
  return taken;
}
