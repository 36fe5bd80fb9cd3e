import { randomBytes } from 'node:crypto';
import os from 'node:os';
import mysql from 'mysql2/promise';
import { describeResultCode, quoteIdent, type RunResultSummary } from '@hanjullo/shared';
import { configureSmsTables, createMysqlPool, type MysqlPool } from '../src/db/mysql.js';
import { dbMonth } from '../src/modules/qtmsg/log-tables.service.js';
import { aggregateRun, runMonths } from '../src/modules/qtmsg/result-reader.js';
import { bootstrapSmsdb } from '../scripts/smsdb-bootstrap.js';
import type { BenchOptions } from './run.js';
import { median, timed, withDb } from './bench-util.js';

const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
/** `BENCH_KEEP_DB=1` keeps the generated database (printed) to EXPLAIN the queries by hand. */
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'];
const SEED = 'p4-0.42';
const RUNS = 15;
/** The measured run; the other runs sharing the tables get ids of the same length. */
const RUN_ID = '4a4b0000-0000-4000-8000-000000000004';
const OTHER_RUNS = 40;
/** Queue writer batch size: a run's rows sit in blocks of this many seqnos, interleaved with other runs. */
const BLOCK = 2_000;

/**
 * Final codes with their share per 10,000 (cumulative upper bounds), real codes from the shared
 * map: mostly SMS delivered, then the usual failure mix (invalid number, handset off, spam, …).
 */
const FINAL_CODES: ReadonlyArray<readonly [number, number]> = [
  [8600, 6], [8900, 7], [9050, 8], [9120, 9], [9170, 10], [9300, 52], [9350, 16], [9400, 62], [9500, 40],
  [9550, 3002], [9600, 9008], [9700, 13], [9750, 55], [9800, 71], [9850, 2], [9900, 9011], [10000, 45],
];
/** Carriers per 100: SKT/KT/LG U+, their MVNOs, one legacy string. */
const CARRIERS: ReadonlyArray<readonly [number, string]> = [[45, '11'], [75, '16'], [93, '19'], [95, '12'], [97, '17'], [99, '20'], [100, 'SKT']];

const caseOf = (expr: string, bounds: ReadonlyArray<readonly [number, number | string]>) =>
  `CASE ${bounds.map(([upper, v]) => `WHEN ${expr} < ${upper} THEN ${typeof v === 'number' ? v : `'${v}'`}`).join(' ')} END`;

/**
 * P4 (PERF.md): the results detail of a 1M-message campaign (what GET /api/results/campaigns/:id
 * reads: totals, by code, by carrier) through `aggregateRun`, the function the results service
 * calls, with 30% of the run still in the live tables and 70% moved to this month's log tables,
 * inside tables that hold as many rows again of 40 other runs. p50 of 15 runs after a warm-up.
 *
 * Not timed: the service's one Postgres primary-key read of the run (tables, start time).
 */
export async function p4Results(opts: BenchOptions): Promise<string[]> {
  const runRows = Math.round((opts.smoke ? 10_000 : 1_000_000) * (opts.scale ?? 1));
  const id = `hj_bench_${randomBytes(4).toString('hex')}`;
  configureSmsTables(TABLES);
  const pool = createMysqlPool(withDb(MYSQL_URL, id), 4);
  try {
    await bootstrapSmsdb({ adminUrl: withDb(MYSQL_URL, id), tables: TABLES });
    const month = await dbMonth(pool);
    await generateRows(pool, month, runRows);
    const liveShare = (await countRows(pool, TABLES)) / runRows;
    const startedAt = new Date(Date.now() - 3_600_000);
    const months = runMonths(startedAt, new Date());
    const ours = () => aggregateRun(pool, TABLES, RUN_ID, months);
    const raw = rawQuery(pool, month);
    const rawPerBranch = rawQuery(pool, month, true);

    const summary = await ours();
    checkSummary(summary, await raw(), runRows);
    checkSummary(summary, await rawPerBranch(), runRows);
    const oursMs: number[] = [];
    const rawMs: number[] = [];
    const rawBranchMs: number[] = [];
    for (let i = 0; i < (opts.smoke ? 3 : RUNS); i++) {
      rawMs.push(await timed(raw));
      oursMs.push(await timed(ours));
      rawBranchMs.push(await timed(rawPerBranch));
    }
    const [o, r, rb] = [median(oursMs), median(rawMs), median(rawBranchMs)];
    return [
      `P4 rows=${runRows} table_rows=${runRows * 2} live_share=${liveShare.toFixed(2)} ours_ms=${o.toFixed(1)} raw_ms=${r.toFixed(1)} ` +
        `ratio=${(o / r).toFixed(2)} raw_branch_ms=${rb.toFixed(1)} ratio_branch=${(o / rb).toFixed(2)} ` +
        `success=${summary.success} failure=${summary.failure} pending=${summary.pending} codes=${summary.byCode.length} ` +
        `carriers=${summary.byCarrier.length} load1=${os.loadavg()[0]!.toFixed(1)}`,
    ];
  } finally {
    await pool.end();
    if (KEEP_DB) console.error(`kept database ${id}`);
    else {
      const admin = await mysql.createConnection({ uri: MYSQL_URL });
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(id)}`);
      await admin.end();
    }
  }
}

async function countRows(pool: MysqlPool, tables: readonly string[]): Promise<number> {
  let n = 0;
  for (const t of tables) {
    const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${quoteIdent(t)} WHERE app_etc1 = ?`, [RUN_ID]);
    n += Number((rows as Array<{ n: string }>)[0]!.n);
  }
  return n;
}

/**
 * The raw baseline: "one raw GROUP BY status_code over the same rows" — the run's rows in the same
 * six physical tables (3 live + 3 log of the month, named directly, no lookup), counted by status
 * code in one GROUP BY over their UNION ALL (PERF's words; `ratio` uses it). Being one statement
 * it reads one snapshot on one connection, like any bare query. `perBranch` pushes the GROUP BY
 * into every branch, the cheapest plain-SQL form of the same count: printed as raw_branch_ms /
 * ratio_branch, the stricter comparison.
 */
function rawQuery(pool: MysqlPool, month: string, perBranch = false): () => Promise<Map<number, number>> {
  const names = [...TABLES, ...TABLES.map((t) => `${t}_${month}`)].map(quoteIdent);
  const union = names
    .map((t) => perBranch
      ? `(SELECT status_code, COUNT(*) AS n FROM ${t} WHERE app_etc1 = ? GROUP BY status_code)`
      : `(SELECT status_code FROM ${t} WHERE app_etc1 = ?)`)
    .join(' UNION ALL ');
  const statement = perBranch
    ? `SELECT status_code, SUM(n) AS n FROM (${union}) AS u GROUP BY status_code`
    : `SELECT status_code, COUNT(*) AS n FROM (${union}) AS u GROUP BY status_code`;
  return async () => {
    const [rows] = await pool.query(statement, names.map(() => RUN_ID));
    return new Map((rows as Array<{ status_code: number; n: string }>).map((r) => [Number(r.status_code), Number(r.n)]));
  };
}

/** The bench measures a correct reader: ours must match the raw counts code by code. */
function checkSummary(summary: RunResultSummary, raw: Map<number, number>, runRows: number): void {
  const ours = new Map(summary.byCode.map((c) => [c.code, c.count]));
  const same = ours.size === raw.size && [...raw].every(([code, n]) => ours.get(code) === n);
  if (!same || summary.total !== runRows || summary.byCarrier.reduce((n, c) => n + c.count, 0) !== runRows) {
    throw new Error(`P4: summary does not match the rows: ${JSON.stringify({ ours: [...ours], raw: [...raw], total: summary.total })}`);
  }
}

/**
 * 2 × runRows rows over the 3 tables of the line group, generated in SQL from MariaDB's sequence
 * engine: row i goes to table i % 3 with seqno i + 1 (a log row keeps its queue seqno), blocks of
 * 2,000 seqnos alternate between the measured run and 40 other runs. A hash of (seed, i) decides
 * live vs log (30/70), the state of live rows (final 20%, at the relay 7%, waiting 3%), the code
 * and the carrier — deterministic and independent of insert order.
 */
async function generateRows(pool: MysqlPool, month: string, runRows: number): Promise<void> {
  for (const code of FINAL_CODES.map(([, c]) => c)) {
    if (describeResultCode(code).label.startsWith('기타 오류')) throw new Error(`P4: unknown result code ${code}`);
  }
  const total = runRows * 2;
  const h = (salt: string, mod: number) => `(CRC32(CONCAT('${SEED}', '${salt}', seq)) % ${mod})`;
  const select = (tableIndex: number, isLog: boolean) => `
    SELECT seq + 1, CONCAT('010', LPAD(seq % 100000000, 8, '0')), '0215881234',
      CONCAT('(광고)한줄로 봄 세일 ', seq % 97, '% 할인! 무료거부 0807196700'),
      NOW() - INTERVAL 50 MINUTE, NOW() - INTERVAL 50 MINUTE,
      IF(st = 'final', NOW() - INTERVAL 40 MINUTE, NULL), IF(st = 'final', NOW() - INTERVAL 40 MINUTE, NULL),
      CASE st WHEN 'final' THEN ${caseOf(h(':c:', 10_000), FINAL_CODES)} WHEN 'relay' THEN 104 ELSE 100 END,
      IF(st = 'final', ${caseOf(h(':m:', 100), CARRIERS)}, NULL), 'S',
      CASE st WHEN 'final' THEN '${isLog ? '5' : '4'}' WHEN 'relay' THEN '3' ELSE '1' END,
      IF((seq DIV ${BLOCK}) % 2 = 0, '${RUN_ID}', CONCAT('00000000-0000-4000-8000-', LPAD((seq DIV ${BLOCK}) % ${OTHER_RUNS}, 12, '0'))),
      CONCAT('b', seq DIV ${BLOCK})
    FROM (
      SELECT seq, place, IF(place = 'log', 'final', place) AS st FROM (
        SELECT seq, CASE WHEN ${h(':s:', 1000)} >= 300 THEN 'log' WHEN ${h(':s:', 1000)} < 200 THEN 'final'
                         WHEN ${h(':s:', 1000)} < 270 THEN 'relay' ELSE 'waiting' END AS place
        FROM seq_0_to_${total - 1} WHERE seq % 3 = ${tableIndex}
      ) AS p
    ) AS s
    WHERE ${isLog ? "place = 'log'" : "place <> 'log'"}`;
  const columns = 'seqno, dest_no, call_back, msg_contents, msg_instm, sendreq_time, mobsend_time, repmsg_recvtm, status_code, mob_company, msg_type, rsv1, app_etc1, app_etc2';
  await Promise.all(TABLES.map(async (table, i) => {
    for (const isLog of [false, true]) {
      const target = quoteIdent(isLog ? `${table}_${month}` : table);
      await pool.query(`INSERT INTO ${target} (${columns}) ${select(i, isLog)}`);
      await pool.query(`ANALYZE TABLE ${target}`);
    }
  }));
}


