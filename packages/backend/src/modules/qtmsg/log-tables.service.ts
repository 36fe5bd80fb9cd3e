import { logTableDdl, createSmsTableGuard } from '@hanjullo/shared';
import type { MysqlPool } from '../../db/mysql.js';

/** `YYYYMM` of the DB clock plus `offset` months: log months follow the agents' (DB) clock. */
export async function dbMonth(pool: MysqlPool, offset = 0): Promise<string> {
  const [rows] = await pool.query(
    'SELECT DATE_FORMAT(DATE_ADD(NOW(), INTERVAL ? MONTH), \'%Y%m\') AS ym',
    [offset],
  );
  return (rows as Array<{ ym: string }>)[0]!.ym;
}

/**
 * Creates the monthly log tables (`<table>_YYYYMM`, LIKE the queue table) for this and next month
 * on the DB clock. Idempotent. Needs a connection with CREATE (the app user has only DML).
 */
export async function ensureLogTables(
  adminPool: MysqlPool,
  tables: readonly string[],
  monthsAhead = 1,
): Promise<string[]> {
  const guard = createSmsTableGuard(tables);
  const months: string[] = [];
  for (let i = 0; i <= monthsAhead; i++) months.push(await dbMonth(adminPool, i));
  const created: string[] = [];
  for (const table of guard.tables) {
    for (const ym of months) {
      const logTable = guard.logTable(table, ym);
      await adminPool.query(logTableDdl(logTable, guard.sendTable(table)));
      created.push(logTable);
    }
  }
  return created;
}
