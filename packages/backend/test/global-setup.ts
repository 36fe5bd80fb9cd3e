import pg from 'pg';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { createPostgres } from '../src/db/postgres.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { TEST_MYSQL_URL, TEST_PG_URL, TEST_REDIS_URL, withDatabase } from './services.js';

const START_HINT =
  'start it (see TESTING.md): PostgreSQL `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, ' +
  'MariaDB `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`, ' +
  'Redis `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, or `docker compose up -d`';

async function reachable(): Promise<string[]> {
  const missing: string[] = [];
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect().then(() => client.end()).catch(() => missing.push(`PostgreSQL (${TEST_PG_URL})`));
  await mysql
    .createConnection({ uri: TEST_MYSQL_URL, connectTimeout: 3000 })
    .then((c) => c.end())
    .catch(() => missing.push(`MariaDB/MySQL (${TEST_MYSQL_URL})`));
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  await redis.connect().then(() => redis.quit()).catch(() => {
    redis.disconnect();
    missing.push(`Redis (${TEST_REDIS_URL})`);
  });
  return missing;
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Once per run: check services, build the migrated template database every test file copies. The
 * template's name is unique per run, so two runs on one machine never pull it from under each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const TEMPLATE_DB = `hj_tpl_${randomBytes(4).toString('hex')}`;
  const missing = await reachable();
  if (missing.length) throw new Error(`Test services not reachable: ${missing.join(', ')} — ${START_HINT}`);
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = createPostgres(withDatabase(TEST_PG_URL, TEMPLATE_DB), 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('templateDb', TEMPLATE_DB);
  return () => dropDatabase(TEMPLATE_DB);
}
