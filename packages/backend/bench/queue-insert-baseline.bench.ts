import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { createSmsTableGuard, mulberry32, quoteIdent } from '@hanjullo/shared';
import { bootstrapSmsdb } from '../scripts/smsdb-bootstrap.js';
import type { BenchOptions } from './run.js';

const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'];
const COLUMNS = ['dest_no', 'call_back', 'msg_contents', 'msg_type', 'app_etc1', 'app_etc2'] as const;
const ROWS_PER_STATEMENT = 2000; // 2,000 × 6 = 12,000 bind parameters, well under 65,535

/**
 * The raw baselines that P1 is measured against (PERF.md): pre-rendered SMSQ rows written by a bare
 * script — multi-row INSERTs over 3 connections into 3 tables, and one INSERT per row.
 */
export async function queueInsertBaseline(opts: BenchOptions): Promise<string[]> {
  const rows = Math.round((opts.smoke ? 4_000 : 200_000) * (opts.scale ?? 1));
  const singles = Math.max(200, Math.round(rows / 50));
  const db = `hj_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(MYSQL_URL);
  url.pathname = `/${db}`;
  await bootstrapSmsdb({ adminUrl: url.toString(), tables: TABLES });
  const guard = createSmsTableGuard(TABLES);
  const rand = mulberry32(7);
  const make = (i: number) => [
    `0109${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`,
    '0212345678',
    `(광고) 한줄로 벤치마크 메시지 ${i}\n무료거부0807196700`,
    'S',
    'bench-run',
    String(Math.floor(i / ROWS_PER_STATEMENT)),
  ];
  const pool = mysql.createPool({ uri: url.toString(), connectionLimit: 3 });
  try {
    const multiStart = performance.now();
    const batches = Math.ceil(rows / ROWS_PER_STATEMENT);
    let next = 0;
    const lane = async () => {
      for (let b = next++; b < batches; b = next++) {
        const table = quoteIdent(guard.sendTable(TABLES[b % TABLES.length]!));
        const count = Math.min(ROWS_PER_STATEMENT, rows - b * ROWS_PER_STATEMENT);
        const values = Array.from({ length: count }, (_, k) => make(b * ROWS_PER_STATEMENT + k));
        await pool.query(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ?`, [values]);
      }
    };
    await Promise.all([lane(), lane(), lane()]);
    const multiS = (performance.now() - multiStart) / 1000;

    const singleStart = performance.now();
    const table = quoteIdent(guard.sendTable(TABLES[0]!));
    for (let i = 0; i < singles; i++) {
      await pool.query(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES (?)`, [make(i)]);
    }
    const singleS = (performance.now() - singleStart) / 1000;
    const multiRate = rows / multiS;
    const singleRate = singles / singleS;
    return [
      `B0 queue-insert-baseline rows=${rows} multi_s=${multiS.toFixed(2)} multi_rows_per_s=${Math.round(multiRate)} ` +
        `single_rows=${singles} single_rows_per_s=${Math.round(singleRate)} ratio=${(multiRate / singleRate).toFixed(1)}`,
    ];
  } finally {
    await pool.end();
    const admin = await mysql.createConnection({ uri: MYSQL_URL });
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(db)}`);
    await admin.end();
  }
}
