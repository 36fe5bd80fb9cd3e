import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import { closeDeps, createDeps } from '../src/deps.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { percentile, seededRandom, shuffle } from '../src/modules/unsubscribes/callback-080.test-helpers.js';
import type { BenchOptions } from './run.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'bench-080-token';
const COMPANIES = 5;
const CONCURRENCY = 50;

const withDb = (url: string, db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();

async function pgAdmin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

// The load generator runs in its own thread (like wrk/autocannon in their own process), so the
// API's event loop is not shared with the client's.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { urls, concurrency } = workerData;
const answers = new Array(urls.length), latencies = new Array(urls.length);
let next = 0;
async function worker() {
  for (let i = next++; i < urls.length; i = next++) {
    const t0 = performance.now();
    const res = await fetch(urls[i]);
    answers[i] = res.status + ':' + (await res.text());
    latencies[i] = performance.now() - t0;
  }
}
const t0 = performance.now();
Promise.all(Array.from({ length: concurrency }, worker)).then(() => parentPort.postMessage({ answers, latencies, wallMs: performance.now() - t0 }));
`;

function runClient(urls: string[], concurrency: number): Promise<{ answers: string[]; latencies: number[]; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { urls, concurrency } });
    w.once('message', (m) => { resolve(m as { answers: string[]; latencies: number[]; wallMs: number }); void w.terminate(); });
    w.once('error', reject);
  });
}

/**
 * P6 (PERF.md): a flood of Narae 080 callbacks (10% duplicates) on loopback against the real app
 * over HTTP with bounded concurrency; reports throughput and p99, and checks that every unique
 * valid caller was stored (and every request answered `1`).
 */
export async function p6080Flood(opts: BenchOptions): Promise<string[]> {
  const n = Math.round((opts.smoke ? 400 : 20_000) * (opts.scale ?? 1));
  const id = `hj_bench_${randomBytes(4).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE ${id}`);
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: withDb(PG_URL, id), REDIS_URL, REDIS_PREFIX: id, NARAE_080_TOKEN: TOKEN,
  });
  const deps = createDeps(config, pino({ level: 'silent' }));
  const server = createApp(deps).listen(0, '127.0.0.1');
  try {
    await migrateToLatest(deps.db);
    const numbers = Array.from({ length: COMPANIES }, (_, i) => `080555${String(i).padStart(4, '0')}`);
    await deps.db.insertInto('companies').values(numbers.map((num, i) => ({
      code: `P6B${i}`, name: `벤치 ${i}`, status: 'active' as const, price_sms: '9.9', price_lms: '30', price_mms: '80', price_kakao: '8',
      balance: '0', opt_out_080_number: num,
    }))).execute();
    const random = seededRandom(6);
    const uniques = Array.from({ length: n - Math.round(n / 10) }, (_, i) => ({ cid: `0106${String(i).padStart(7, '0')}`, fr: numbers[i % COMPANIES]! }));
    const calls = shuffle([...uniques, ...Array.from({ length: Math.round(n / 10) }, () => uniques[Math.floor(random() * uniques.length)]!)], random);
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/unsubscribes/080callback`;
    const urls = calls.map((c) => `${base}?${new URLSearchParams({ cid: c.cid, fr: c.fr, token: TOKEN }).toString()}`);
    const { answers, latencies, wallMs } = await runClient(urls, CONCURRENCY);
    const stored = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM opt_outs WHERE source = '080'`.execute(deps.db)).rows[0]!.n);
    const ok = answers.filter((a) => a === '200:1').length;
    const complete = stored === uniques.length && ok === n;
    return [
      `P6 requests=${n} concurrency=${CONCURRENCY} rps=${Math.round(n / (wallMs / 1000))} p50_ms=${percentile(latencies, 50).toFixed(1)} ` +
        `p99_ms=${percentile(latencies, 99).toFixed(1)} stored=${stored} unique=${uniques.length} answered_1=${ok} complete=${complete}`,
    ];
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeDeps(deps);
    await pgAdmin(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
  }
}
