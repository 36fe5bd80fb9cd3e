import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { Express } from 'express';
import { pino } from 'pino';
import { loadConfig, type Config } from '../src/config.js';
import { createApp, type AppDeps } from '../src/app.js';
import { createDeps, closeDeps } from '../src/deps.js';
import { bootstrapSmsdb } from '../scripts/smsdb-bootstrap.js';
import { inject } from 'vitest';
import { TEST_MYSQL_URL, TEST_PG_URL, TEST_REDIS_URL, withDatabase } from './services.js';

export interface TestContext {
  config: Config;
  deps: AppDeps;
  app: Express;
  pgDatabase: string;
  mysqlDatabase: string;
  close(): Promise<void>;
}

export interface TestContextOptions {
  smsTables?: string[];
  env?: Record<string, string>;
}

/**
 * A private world per test file: a PostgreSQL database copied from the migrated template, a MySQL
 * database with its own SMSQ tables, and a Redis key prefix — so files run in parallel and never
 * truncate anything shared.
 */
export async function createTestContext(opts: TestContextOptions = {}): Promise<TestContext> {
  const id = `hj_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${id} TEMPLATE ${inject('templateDb')}`);
  } finally {
    await admin.end();
  }
  const smsTables = opts.smsTables ?? ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_10', 'SMSQ_SEND_11'];
  const mysqlUrl = withDatabase(TEST_MYSQL_URL, id);
  await bootstrapSmsdb({ adminUrl: mysqlUrl, tables: smsTables });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabase(TEST_PG_URL, id),
    MYSQL_URL: mysqlUrl,
    MYSQL_ADMIN_URL: mysqlUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: id,
    SMS_TABLES: smsTables.join(','),
    ...opts.env,
  });
  const deps = createDeps(config, pino({ level: 'silent' }));
  return {
    config,
    deps,
    app: createApp(deps),
    pgDatabase: id,
    mysqlDatabase: id,
    async close() {
      await closeDeps(deps);
      await dropTestDatabases(id);
    },
  };
}

async function dropTestDatabases(id: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const conn = await mysql.createConnection({ uri: TEST_MYSQL_URL });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${id}\``);
  } finally {
    await conn.end();
  }
}
