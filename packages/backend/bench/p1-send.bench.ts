import { randomBytes, randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createSmsTableGuard, quoteIdent } from '@hanjullo/shared';
import { loadConfig } from '../src/config.js';
import { closeDeps, createDeps } from '../src/deps.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { bootstrapSmsdb } from '../scripts/smsdb-bootstrap.js';
import { createCampaign } from '../src/modules/campaigns/campaigns.service.js';
import { sendCampaign } from '../src/modules/campaigns/send.service.js';
import { dispatchRun } from '../src/modules/campaigns/dispatch.service.js';
import { freezeRun } from '../src/modules/campaigns/freeze-run.js';
import { findRun } from '../src/modules/campaigns/campaigns.repo.js';
import type { BenchOptions } from './run.js';
import { pgAdmin, withDb } from './bench-util.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_10'];
const BULK = TABLES.slice(0, 3);
/** The columns our queue writer fills (besides the run id and batch tag): the raw script writes the same rows. */
const COPIED_COLUMNS = ['dest_no', 'call_back', 'msg_contents', 'msg_type', 'title_str', 'bill_id', 'file_name1', 'file_name2', 'file_name3'];
const RAW_COLUMNS = [...COPIED_COLUMNS, 'app_etc1', 'app_etc2', 'msg_instm', 'sendreq_time', 'status_code', 'rsv1'];
const SQL_NOW = { toSqlString: () => 'NOW()' };


/**
 * P1 (PERF.md): a campaign to N customers (5% opted out, 1% duplicate phones, a merge variable, ad
 * wrap) through the real send path — send request, freeze, reserve, `dispatchRun` into 3 tables —
 * against the same final rows written by a bare multi-row INSERT script over 3 connections.
 */
export async function p1Send(opts: BenchOptions): Promise<string[]> {
  const n = Math.round(opts.scale ?? (opts.smoke ? 3_000 : 100_000));
  const id = `hj_bench_${randomBytes(4).toString('hex')}`;
  await pgAdmin(PG_URL, `CREATE DATABASE ${id}`);
  await bootstrapSmsdb({ adminUrl: withDb(MYSQL_URL, id), tables: TABLES });
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: withDb(PG_URL, id), MYSQL_URL: withDb(MYSQL_URL, id),
    MYSQL_ADMIN_URL: withDb(MYSQL_URL, id), REDIS_URL, REDIS_PREFIX: id, SMS_TABLES: TABLES.join(','),
  });
  const base = createDeps(config, pino({ level: 'silent' }));
  // the ad night ban would hold the send outside 08–21 KST: the bench's clock runs at 12:00 KST today
  const kstNoon = new Date(new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10) + 'T03:00:00Z').getTime();
  const shift = kstNoon - Date.now();
  const deps = { ...base, now: () => new Date(Date.now() + shift) };
  try {
    await migrateToLatest(deps.db);
    await deps.db.insertInto('sms_line_groups').values({ name: 'test', type: 'test', tables: ['SMSQ_SEND_10'] }).execute();
    const company = await deps.db.insertInto('companies').values({
      code: 'BENCH', name: '벤치', status: 'active', price_sms: '9.9', price_lms: '30', price_mms: '80', price_kakao: '8',
      balance: '0', opt_out_080_number: '0807196700',
    }).returning('id').executeTakeFirstOrThrow();
    const user = await deps.db.insertInto('users').values({ company_id: company.id, login_id: 'bench-user', password_hash: 'x', name: '벤치' })
      .returning('id').executeTakeFirstOrThrow();
    await deps.db.insertInto('callback_numbers').values({ company_id: company.id, number: '0215881234', is_default: true }).execute();
    // deterministic customers: phone i, every 100th shares the previous phone under another store, 5% opted out
    await sql`
      INSERT INTO customers (company_id, phone, name, sms_opt_in, store_code, grade)
      SELECT ${company.id}::uuid, '010' || lpad((i - (CASE WHEN i % 100 = 0 THEN 1 ELSE 0 END))::text, 8, '0'),
             '고객' || i, true, CASE WHEN i % 100 = 0 THEN 'B' ELSE 'A' END, 'VIP'
      FROM generate_series(1, ${n}) AS i`.execute(deps.db);
    await sql`INSERT INTO opt_outs (company_id, phone, source) SELECT ${company.id}::uuid, '010' || lpad(i::text, 8, '0'), 'manual'
      FROM generate_series(1, ${n}) AS i WHERE i % 20 = 7`.execute(deps.db);
    await sql`ANALYZE customers; ANALYZE opt_outs`.execute(deps.db);
    const scope = { companyId: company.id, storeCodes: null, userId: user.id, role: 'company_user' as const };
    const actor = { type: 'user' as const, id: user.id, companyId: company.id };
    const campaign = await createCampaign(deps, scope, actor, {
      name: 'P1', targetFilter: { all: true }, messageType: 'SMS', body: '%이름%님 봄 세일 20%', isAd: true,
      callback: { mode: 'fixed', number: '0215881234' }, mmsImages: [],
    });
    const oursStart = performance.now();
    const sent = await sendCampaign(deps, scope, actor, campaign.id, { scheduledAt: null, idempotencyKey: `bench-${id}` });
    // the phases dispatchRun runs, timed apart: freeze + reserve, then the queue writes
    const freezeStart = performance.now();
    const run = await findRun(deps.db, company.id, sent.run!.id);
    await freezeRun(deps, run!);
    const writeStart = performance.now();
    await dispatchRun(deps, company.id, sent.run!.id);
    const end = performance.now();
    const oursS = (end - oursStart) / 1000;
    const phases = `request_s=${((freezeStart - oursStart) / 1000).toFixed(2)} freeze_s=${((writeStart - freezeStart) / 1000).toFixed(2)} write_s=${((end - writeStart) / 1000).toFixed(2)}`;

    const conn = await mysql.createConnection({ uri: withDb(MYSQL_URL, id) });
    const rows: unknown[][] = [];
    for (const t of BULK) {
      const [r] = await conn.query({ sql: `SELECT ${COPIED_COLUMNS.join(', ')} FROM ${quoteIdent(t)} WHERE app_etc1 = ?`, rowsAsArray: true }, [sent.run!.id]);
      for (const row of r as unknown[][]) rows.push(row);
    }
    await conn.end();
    const guard = createSmsTableGuard(TABLES);
    const pool = mysql.createPool({ uri: withDb(MYSQL_URL, id), connectionLimit: 3 });
    const rawRunId = randomUUID();
    const rawStart = performance.now();
    const batches = Math.ceil(rows.length / 2000);
    let next = 0;
    const lane = async () => {
      for (let b = next++; b < batches; b = next++) {
        // the same final rows: every column as ours wrote it, a run id of the same length, the same tail
        const values = rows.slice(b * 2000, (b + 1) * 2000).map((r) => [...r, rawRunId, String(b), SQL_NOW, SQL_NOW, 100, '1']);
        await pool.query(`INSERT INTO ${quoteIdent(guard.sendTable(BULK[b % 3]!))} (${RAW_COLUMNS.join(', ')}) VALUES ?`, [values]);
      }
    };
    await Promise.all([lane(), lane(), lane()]);
    const rawS = (performance.now() - rawStart) / 1000;
    await pool.end();
    return [`P1 rows=${rows.length} customers=${n} ours_s=${oursS.toFixed(2)} raw_s=${rawS.toFixed(2)} ratio=${(rawS / oursS).toFixed(2)} ${phases}`];
  } finally {
    await deps.queues.queue('dispatch-run').obliterate({ force: true }).catch(() => undefined);
    await closeDeps(base);
    await pgAdmin(PG_URL, `DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    const admin = await mysql.createConnection({ uri: MYSQL_URL });
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(id)}`);
    await admin.end();
  }
}

/** P7 (PERF.md): P1 at 100k and at 1M customers — time(1M) / time(100k) ≤ 11 (no worse than linear plus setup). */
export async function p7Scaling(opts: BenchOptions): Promise<string[]> {
  const [small, large] = opts.smoke ? [2_000, 20_000] : [100_000, 1_000_000];
  const oursOf = (line: string) => Number(/ours_s=([\d.]+)/.exec(line)?.[1]);
  const a = (await p1Send({ smoke: false, scale: small }))[0]!;
  const b = (await p1Send({ smoke: false, scale: large }))[0]!;
  const ratio = oursOf(b) / oursOf(a);
  return [a, b, `P7 small=${small} large=${large} small_s=${oursOf(a).toFixed(2)} large_s=${oursOf(b).toFixed(2)} ratio=${ratio.toFixed(2)}`];
}
