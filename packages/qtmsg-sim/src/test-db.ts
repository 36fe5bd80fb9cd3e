import { randomBytes } from 'node:crypto';
import { logTableDdl, queueTableDdl, quoteIdent } from '@hanjullo/shared';
import { createConnection, createPool, type Pool, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { readTestMysqlUrl } from './config.js';

/**
 * Test support (not used at run time): a throwaway MariaDB database per test file, with its own
 * queue and log tables, so test files run in parallel and nothing is truncated.
 */

export interface TestDb {
  readonly url: string;
  readonly pool: Pool;
  /** A fresh queue table `SMSQ_SEND_<n>` (a new n per call) plus the given log months. */
  createQueue(logMonths: readonly string[]): Promise<string>;
  createQueueNamed(table: string, logMonths: readonly string[]): Promise<void>;
  insertRow(table: string, row: Partial<QueueInsert>): Promise<number>;
  rows(table: string): Promise<RowDataPacket[]>;
  tableExists(table: string): Promise<boolean>;
  drop(): Promise<void>;
}

export interface QueueInsert {
  dest_no: string | null;
  call_back: string | null;
  msg_contents: string;
  msg_type: string;
  sendreq_time: string;
  title_str: string | null;
  bill_id: string;
  file_name1: string;
  file_name2: string;
  file_name3: string;
  app_etc1: string | null;
  app_etc2: string | null;
}

export async function createTestDb(): Promise<TestDb> {
  const server = new URL(readTestMysqlUrl());
  const name = `sim_test_${randomBytes(5).toString('hex')}`;
  server.pathname = '/';
  const admin = await createConnection({ uri: server.toString() });
  await admin.query(`CREATE DATABASE ${quoteIdent(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dbUrl = new URL(server.toString());
  dbUrl.pathname = `/${name}`;
  const pool = createPool({ uri: dbUrl.toString(), dateStrings: true, connectionLimit: 4 });
  let next = 100;

  const createQueueNamed = async (table: string, logMonths: readonly string[]): Promise<void> => {
    await pool.query(queueTableDdl(table));
    for (const ym of logMonths) await pool.query(logTableDdl(`${table}_${ym}`, table));
  };

  return {
    url: dbUrl.toString(),
    pool,
    createQueueNamed,
    async createQueue(logMonths) {
      const table = `SMSQ_SEND_${next++}`;
      await createQueueNamed(table, logMonths);
      return table;
    },
    async insertRow(table, row) {
      const values: QueueInsert = {
        dest_no: '01012345678', call_back: '0212345678', msg_contents: `hello ${randomBytes(3).toString('hex')}`,
        msg_type: 'S', sendreq_time: '2026-11-10 10:00:00', title_str: null, bill_id: '',
        file_name1: '', file_name2: '', file_name3: '', app_etc1: 'run-1', app_etc2: 'batch-1', ...row,
      };
      const [res] = await pool.query<ResultSetHeader>(`INSERT INTO ${quoteIdent(table)} SET ?`, [values]);
      return res.insertId;
    },
    async rows(table) {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM ${quoteIdent(table)} ORDER BY seqno`);
      return rows;
    },
    async tableExists(table) {
      const [rows] = await pool.query<RowDataPacket[]>(
        'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
        [table],
      );
      return rows.length > 0;
    },
    async drop() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      await admin.end();
    },
  };
}
