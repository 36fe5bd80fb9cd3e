import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { Database } from './schema.js';

// Plain dates (birthdays, purchase dates) stay strings end to end: a JS Date would shift them by
// the process time zone. Bigints stay strings (no silent precision loss); numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;
/** A repo function runs on the pool or inside a caller's transaction. */
export type DbOrTrx = Db | Transaction<Database>;

export function createPostgres(url: string, max = 10, onError?: (err: Error) => void): Db {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'hanjullo' });
  // an idle client dropped by the server (restart, failover, admin termination) must not crash the
  // process; the pool discards it and the next query opens a fresh connection
  pool.on('error', (err) => onError?.(err));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
