import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgres } from './postgres.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from '../../migrations/index.js';
import { TEST_PG_URL, withDatabase } from '../../test/services.js';

const name = `hj_mig_${randomBytes(4).toString('hex')}`;

async function admin(query: string) {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

beforeAll(() => admin(`CREATE DATABASE ${name}`));
afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('migrateToLatest', () => {
  it('runs every migration from an empty database, and a second run is a no-op', async () => {
    const db = createPostgres(withDatabase(TEST_PG_URL, name), 1);
    try {
      const first = await migrateToLatest(db);
      expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(
        Object.keys(migrations).map((m) => [m, 'Success']),
      );
      const second = await migrateToLatest(db);
      expect(second.results).toEqual([]);
      const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`.execute(db);
      expect(tables.rows[0]!.n).toBeGreaterThanOrEqual(11);
    } finally {
      await db.destroy();
    }
  });

  it('keeps migration names in the required YYYY_MM_DD_HHMM_verb_object order', () => {
    const names = Object.keys(migrations);
    expect([...names].sort()).toEqual(names);
    for (const n of names) expect(n).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z]+_[a-z_]+$/);
  });
});

describe('tenant tables', () => {
  it('lead every key and index with company_id', async () => {
    // the database the first test migrated (never the shared template: a connection to it blocks copies)
    const db = createPostgres(withDatabase(TEST_PG_URL, name), 1);
    try {
      await migrateToLatest(db);
      const { rows } = await sql<{ table: string; index: string; first: string }>`
        SELECT t.relname AS table, i.relname AS index, a.attname AS first
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        WHERE EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public'
          AND c.table_name = t.relname AND c.column_name = 'company_id' AND c.is_nullable = 'NO')`.execute(db);
      expect(rows.length).toBeGreaterThan(5);
      // the exceptions are global look-ups by design: sign-in has no company field (login ids are
      // unique platform-wide), and users, sync agents and deposit requests are also addressed by
      // their id alone in super-admin paths
      const globalLookups = ['users_login_id_key', 'users_id_key', 'sync_agents_id', 'deposit_requests_id_key'];
      const offenders = rows.filter((r) => r.first !== 'company_id' && !globalLookups.includes(r.index));
      expect(offenders).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
