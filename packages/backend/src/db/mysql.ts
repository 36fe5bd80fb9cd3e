import mysql from 'mysql2/promise';
import { createSmsTableGuard, type SmsTableGuard } from '@hanjullo/shared';

export type MysqlPool = mysql.Pool;

/**
 * MySQL `smsdb` holds only the QTmsg queue and log tables. We never set a session time zone:
 * `sendreq_time = NOW()` must be the same clock the agents compare against (the server's).
 * DATETIME values are read as strings and converted explicitly where an instant is needed.
 */
export function createMysqlPool(url: string, connectionLimit = 10): MysqlPool {
  return mysql.createPool({
    uri: url,
    connectionLimit,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'utf8mb4',
    waitForConnections: true,
    enableKeepAlive: true,
  });
}

let guard: SmsTableGuard | undefined;

/** Installs the configured table list once at boot (API and worker). */
export function configureSmsTables(tables: readonly string[]): SmsTableGuard {
  guard = createSmsTableGuard(tables);
  return guard;
}

function currentGuard(): SmsTableGuard {
  if (!guard) throw new Error('configureSmsTables() was not called at boot');
  return guard;
}

/** A configured queue table by name or agent number; anything else throws. */
export function smsqSendTable(nameOrNumber: string | number): string {
  return currentGuard().sendTable(nameOrNumber);
}

/** The monthly log table (`<table>_YYYYMM`) of a configured queue table. */
export function smsqLogTable(nameOrNumber: string | number, yyyymm: string): string {
  return currentGuard().logTable(nameOrNumber, yyyymm);
}

export function allSmsTables(): readonly string[] {
  return currentGuard().tables;
}
