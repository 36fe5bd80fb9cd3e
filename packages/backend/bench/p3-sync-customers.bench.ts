import { randomBytes } from 'node:crypto';
import { request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import { mulberry32 } from '@hanjullo/shared';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import { closeDeps, createDeps } from '../src/deps.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { redisKey } from '../src/db/redis.js';
import { hashSecret } from '../src/security/secrets.js';
import type { AppDeps } from '../src/app.js';
import { countCustomers, rawUpsert, snapshotCustomers } from './p3-raw-customer-upsert.js';
import { pgAdmin, withDb } from './bench-util.js';
import type { BenchOptions } from './run.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEED = 3;
const CLIENTS = 2;
const BATCH_SIZES = [1000, 4000] as const;

const GRADES = ['VIP', 'GOLD', 'SILVER', '일반'] as const;
const REGIONS = ['서울특별시', '경기도', '부산광역시', '인천광역시', '대구광역시'] as const;
const STORES = [['S01', '강남점'], ['S02', '홍대점'], ['S03', '부산서면점']] as const;

/**
 * Customer i as a v1.5 agent sends it (SYNC-AGENT.md `Customer`): phones with or without dashes,
 * a store for most rows (every 50th phone also appears under a second store), ~5% explicit
 * refusals (they go to the opt-out list), one or two custom fields. Deterministic from the seed.
 */
function agentCustomers(n: number): Array<Record<string, unknown>> {
  const random = mulberry32(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; rows.length < n; i++) {
    const digits = `010${String(10_000_000 + i).slice(-8)}`;
    const keys = i % 50 === 0 ? [0, 1] : [i % 3];
    for (const s of keys) {
      if (rows.length >= n) break;
      const [storeCode, storeName] = STORES[s]!;
      const year = 1950 + Math.floor(random() * 55);
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const row: Record<string, unknown> = {
        phone: random() < 0.5 ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}` : digits,
        name: `고객${i}`,
        gender: random() < 0.5 ? 'M' : 'F',
        birth_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        region: pick(REGIONS),
        grade: pick(GRADES),
        points: Math.floor(random() * 50_000),
        store_code: storeCode,
        store_name: storeName,
        recent_purchase_date: `2026-${String(1 + Math.floor(random() * 10)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        recent_purchase_amount: Math.floor(random() * 200) * 1000,
        total_purchase_amount: Math.floor(random() * 3000) * 1000,
        purchase_count: Math.floor(random() * 40),
        sms_opt_in: random() >= 0.05,
        custom_fields: random() < 0.5 ? { custom_1: `브랜드${i % 7}` } : { custom_1: `브랜드${i % 7}`, custom_2: pick(['온라인', '매장', '앱']) },
      };
      if (random() < 0.3) row.email = `c${i}@example.com`;
      rows.push(row);
    }
  }
  return rows;
}

const listening = (server: Server) =>
  new Promise<number>((resolve) => {
    const done = () => resolve((server.address() as AddressInfo).port);
    if (server.listening) done();
    else server.once('listening', done);
  });
const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

function post(agent: Agent, port: number, path: string, headers: Record<string, string>, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function createSyncCompany(deps: AppDeps, code: string) {
  const apiKey = `sk_bench_${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  const company = await deps.db.insertInto('companies').values({
    code, name: `벤치 ${code}`, status: 'active', price_sms: '9.9', price_lms: '30', price_mms: '80', price_kakao: '8', balance: '0',
    opt_out_080_number: null, sync_api_key: apiKey, sync_secret_hash: await hashSecret(secret), use_db_sync: true,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: company.id, headers: { 'X-Sync-ApiKey': apiKey, 'X-Sync-Secret': secret } };
}

/**
 * One full sync of `rows` in `batchSize`-row requests by CLIENTS concurrent keep-alive clients
 * speaking the agent's contract against the real app. Request bodies are serialised (and encoded)
 * before the clock starts (an agent has them ready too). The per-company rate limit (60/min, a policy, not a
 * cost) would make the 1,000-row run wait for the next minute: each client clears the company's
 * window counter before a request, one Redis DEL outside the server.
 */
async function syncOnce(deps: AppDeps, port: number, companyId: string, headers: Record<string, string>, rows: Array<Record<string, unknown>>, batchSize: number) {
  const total = Math.ceil(rows.length / batchSize);
  const bodies = Array.from({ length: total }, (_, b) =>
    Buffer.from(JSON.stringify({ customers: rows.slice(b * batchSize, (b + 1) * batchSize), mode: 'full', batchIndex: b, totalBatches: total })),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const rateKey = () => redisKey(deps.config.redisPrefix, 'sync-rate', companyId, Math.floor(Date.now() / 60_000));
  let failed = 0;
  let upserted = 0;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let b = next++; b < total; b = next++) {
        await deps.redis.del(rateKey());
        const res = await post(agent, port, '/api/sync/customers', headers, bodies[b]!);
        if (res.status !== 200) throw new Error(`batch ${b}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
        const data = (JSON.parse(res.body) as { data: { upsertedCount: number; failedCount: number } }).data;
        upserted += data.upsertedCount;
        failed += data.failedCount;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { seconds, upserted, failed, cpuS: (cpu.user + cpu.system) / 1e6 };
}

/**
 * P3 (PERF.md): the Sync API `/api/sync/customers` over HTTP — N customers in 1,000- and 4,000-row
 * batches, two concurrent clients, into a fresh company each — against the same stored rows
 * written again by a bare unnest upsert in 1,000-row batches over the same number of connections.
 */
export async function p3SyncCustomers(opts: BenchOptions): Promise<string[]> {
  const n = Math.round(opts.smoke ? 3_000 : 200_000 * (opts.scale ?? 1));
  const id = `hj_bench_${randomBytes(4).toString('hex')}`;
  await pgAdmin(PG_URL, `CREATE DATABASE ${id}`);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: withDb(PG_URL, id), REDIS_URL, REDIS_PREFIX: id });
  const deps = createDeps(config, pino({ level: 'silent' }));
  const server = createApp(deps).listen(0, '127.0.0.1');
  const raw = new pg.Pool({ connectionString: withDb(PG_URL, id), max: CLIENTS });
  const lines: string[] = [];
  try {
    await migrateToLatest(deps.db);
    const port = await listening(server);
    const rows = agentCustomers(n);
    const refusals = new Set(rows.filter((r) => r.sms_opt_in === false).map((r) => String(r.phone).replace(/-/g, ''))).size;
    for (const batchSize of BATCH_SIZES) {
      const ours = await createSyncCompany(deps, `P3B${batchSize}`);
      // the agent's first call, as deployed agents do it
      const reg = await post(new Agent(), port, '/api/sync/register', ours.headers, JSON.stringify({ agentName: 'POS-BENCH', agentVersion: '1.5.2', osInfo: 'Windows 10', dbType: 'mssql' }));
      if (reg.status !== 200) throw new Error(`register: HTTP ${reg.status} ${reg.body}`);
      await raw.query('ANALYZE customers');
      const run = await syncOnce(deps, port, ours.id, ours.headers, rows, batchSize);
      const stored = await countCustomers(raw, ours.id);
      const optOuts = Number((await raw.query<{ n: string }>('SELECT count(*) AS n FROM opt_outs WHERE company_id = $1', [ours.id])).rows[0]!.n);
      if (run.failed !== 0 || run.upserted !== n || stored !== n || optOuts !== refusals) {
        throw new Error(`P3 batch=${batchSize}: stored ${stored}/${n}, upserted ${run.upserted}, failed ${run.failed}, opt-outs ${optOuts}/${refusals}`);
      }

      const snap = await snapshotCustomers(raw, ours.id);
      const target = await createSyncCompany(deps, `P3R${batchSize}`);
      const rawS = await rawUpsert(raw, target.id, 'sync', snap, CLIENTS);
      if ((await countCustomers(raw, target.id)) !== n) throw new Error('raw baseline stored a different number of rows');
      lines.push(
        `P3 rows=${n} batch=${batchSize} clients=${CLIENTS} ours_s=${run.seconds.toFixed(2)} raw_s=${rawS.toFixed(2)} ratio=${(rawS / run.seconds).toFixed(2)} ours_rows_per_s=${Math.round(n / run.seconds)} raw_rows_per_s=${Math.round(n / rawS)} api_cpu_s=${run.cpuS.toFixed(2)}`,
      );
    }
    return lines;
  } finally {
    await closed(server);
    await raw.end();
    const keys = await deps.redis.keys(`${id}:*`);
    if (keys.length > 0) await deps.redis.del(...keys);
    await closeDeps(deps);
    await pgAdmin(PG_URL, `DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
  }
}
