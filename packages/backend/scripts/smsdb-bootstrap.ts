import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { createSmsTableGuard, queueTableDdl, quoteIdent } from '@hanjullo/shared';
import { loadConfigOrExit } from '../src/config.js';
import { ensureLogTables } from '../src/modules/qtmsg/log-tables.service.js';
import { createMysqlPool } from '../src/db/mysql.js';

export interface SmsdbBootstrapOptions {
  /** Privileged URL (CREATE DATABASE/USER/EVENT); its path names the database, e.g. /smsdb. */
  adminUrl: string;
  tables: readonly string[];
  /** Least-privilege app user (SELECT/INSERT/UPDATE/DELETE only); skipped when absent (tests). */
  appUser?: { name: string; password: string };
  log?: (line: string) => void;
}

const PROCEDURE = 'hanjullo_create_sms_log_tables';
const EVENT = 'auto_create_sms_log_tables';

function literal(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The procedure creates `<table>_YYYYMM` for month + `months_ahead` on the DB clock for every
 * configured table; the event calls it on the 25th for month+2. Both are recreated on every
 * bootstrap so the list follows SMS_TABLES.
 */
function procedureDdl(tables: readonly string[]): string {
  const body = tables
    .map((t) => {
      const q = quoteIdent(t).slice(1, -1);
      return `SET @ddl = CONCAT('CREATE TABLE IF NOT EXISTS \`${q}_', ym, '\` LIKE \`${q}\`');
    PREPARE st FROM @ddl; EXECUTE st; DEALLOCATE PREPARE st;`;
    })
    .join('\n    ');
  return `CREATE PROCEDURE ${PROCEDURE}(IN months_ahead INT)
  BEGIN
    DECLARE ym CHAR(6) DEFAULT DATE_FORMAT(DATE_ADD(CURDATE(), INTERVAL months_ahead MONTH), '%Y%m');
    ${body}
  END`;
}

/**
 * Ours, besides QTMSG.md §1's `idx_app_etc1`: the result reader's covering index. A run's summary
 * counts its rows by (status_code, mob_company); with these columns in the index that is an
 * index-only range scan in index order instead of reading every message's row (PERF P4, 1M messages
 * among 2M rows: 4.5 s → 0.15–0.45 s). Cost: one more index entry per insert and per status update.
 * The agent ignores extra indexes (QTMSG.md §1) and never adds columns, so `LIKE` copies it into
 * new log tables; log tables created before it existed get it here (an online, in-place ALTER).
 */
const RESULT_INDEX = 'idx_app_etc1_result';

async function ensureResultIndex(server: mysql.Connection, database: string, tables: readonly string[]): Promise<string[]> {
  const [rows] = await server.query(
    `SELECT t.TABLE_NAME AS name FROM information_schema.TABLES t
      WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' AND NOT EXISTS (
        SELECT 1 FROM information_schema.STATISTICS s
         WHERE s.TABLE_SCHEMA = t.TABLE_SCHEMA AND s.TABLE_NAME = t.TABLE_NAME AND s.INDEX_NAME = ?)`,
    [database, RESULT_INDEX],
  );
  const isOurs = (name: string) => tables.some((t) => name === t || new RegExp(`^${t}_\\d{6}$`).test(name));
  const missing = (rows as Array<{ name: string }>).map((r) => r.name).filter(isOurs).sort();
  for (const name of missing) {
    await server.query(`ALTER TABLE ${quoteIdent(name)} ADD INDEX ${RESULT_INDEX} (app_etc1, status_code, mob_company)`);
  }
  return missing;
}

/** Idempotent: database, app user, queue tables, this/next month's log tables, procedure + event. */
export async function bootstrapSmsdb(opts: SmsdbBootstrapOptions): Promise<void> {
  const log = opts.log ?? (() => undefined);
  const url = new URL(opts.adminUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const dbIdent = quoteIdent(database);
  const guard = createSmsTableGuard(opts.tables);
  url.pathname = '/';
  const server = await mysql.createConnection({ uri: url.toString() });
  try {
    await server.query(`CREATE DATABASE IF NOT EXISTS ${dbIdent} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    if (opts.appUser && opts.appUser.name === decodeURIComponent(new URL(opts.adminUrl).username)) {
      // never re-password or widen the admin account itself (e.g. MYSQL_URL pointing at root)
      log(`app user ${opts.appUser.name} is the admin user; left unchanged`);
    } else if (opts.appUser) {
      const user = literal(opts.appUser.name);
      const pass = literal(opts.appUser.password);
      for (const host of ["'%'", "'localhost'"]) {
        await server.query(`CREATE USER IF NOT EXISTS ${user}@${host} IDENTIFIED BY ${pass}`);
        await server.query(`ALTER USER ${user}@${host} IDENTIFIED BY ${pass}`);
        await server.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${dbIdent}.* TO ${user}@${host}`);
      }
      log(`app user ${opts.appUser.name}: SELECT/INSERT/UPDATE/DELETE on ${database}`);
    }
    await server.query(`USE ${dbIdent}`);
    for (const table of guard.tables) await server.query(queueTableDdl(table));
    log(`queue tables: ${guard.tables.join(', ')}`);
    const indexed = await ensureResultIndex(server, database, guard.tables);
    if (indexed.length > 0) log(`${RESULT_INDEX} added: ${indexed.join(', ')}`);
    await server.query(`DROP EVENT IF EXISTS ${EVENT}`);
    await server.query(`DROP PROCEDURE IF EXISTS ${PROCEDURE}`);
    await server.query(procedureDdl(guard.tables));
    await server.query(
      `CREATE EVENT ${EVENT} ON SCHEDULE EVERY 1 MONTH
       STARTS (DATE_FORMAT(NOW(), '%Y-%m-25 03:00:00') + INTERVAL IF(DAY(NOW()) >= 25, 1, 0) MONTH)
       ON COMPLETION PRESERVE ENABLE
       COMMENT 'On the 25th: create QTmsg log tables for month+2'
       DO CALL ${PROCEDURE}(2)`,
    );
    try {
      await server.query('SET GLOBAL event_scheduler = ON');
    } catch {
      log('warning: could not turn the event scheduler on (needs SUPER); enable event_scheduler=ON in the server config');
    }
  } finally {
    await server.end();
  }
  const pool = createMysqlPool(opts.adminUrl, 2);
  try {
    const created = await ensureLogTables(pool, guard.tables);
    log(`log tables ensured: ${created.length}`);
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfigOrExit();
  const appUrl = new URL(config.mysqlUrl);
  await bootstrapSmsdb({
    adminUrl: config.mysqlAdminUrl,
    tables: config.smsTables,
    appUser: { name: decodeURIComponent(appUrl.username), password: decodeURIComponent(appUrl.password) },
    log: (line) => console.log(`[smsdb] ${line}`),
  });
}
