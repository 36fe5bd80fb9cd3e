import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createApp, type AppDeps } from '../src/app.js';
import { closeDeps, createDeps } from '../src/deps.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { percentile, seededRandom, shuffle } from '../src/modules/unsubscribes/callback-080.test-helpers.js';
import type { BenchOptions } from './run.js';
import { pgAdmin, withDb } from './bench-util.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'bench-080-token';
const COMPANIES = 5;
const CONCURRENCY = 50;


// The load generator runs in its own thread (like wrk/autocannon in their own process), so the
// API's event loop is not shared with the client's. Like autocannon it keeps `concurrency`
// keep-alive connections busy with plain node:http (one request in flight per connection). The
// fetch (undici) client costs about three times the CPU per request, which on a 2-core machine
// is taken from the server being measured; it stays selectable (`BENCH_P6_CLIENT=fetch`) for comparison.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { urls, concurrency, kind } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const answers = new Array(urls.length), latencies = new Array(urls.length);
function viaHttp(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode + ':' + body));
    }).on('error', reject);
  });
}
const viaFetch = async (url) => { const res = await fetch(url); return res.status + ':' + (await res.text()); };
const get = kind === 'fetch' ? viaFetch : viaHttp;
let next = 0;
async function worker() {
  for (let i = next++; i < urls.length; i = next++) {
    const t0 = performance.now();
    answers[i] = await get(urls[i]);
    latencies[i] = performance.now() - t0;
  }
}
const t0 = performance.now();
Promise.all(Array.from({ length: concurrency }, worker)).then(() => parentPort.postMessage({ answers, latencies, wallMs: performance.now() - t0 }));
`;
const CLIENT_KIND = process.env.BENCH_P6_CLIENT === 'fetch' ? 'fetch' : 'http';

interface ClientRun { answers: string[]; latencies: number[]; wallMs: number }

function runClient(urls: string[], concurrency: number): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { urls, concurrency, kind: CLIENT_KIND } });
    w.once('message', (m) => { resolve(m as ClientRun); void w.terminate(); });
    w.once('error', reject);
  });
}

const listening = (server: Server) => new Promise<string>((resolve) => {
  const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  if (server.listening) done();
  else server.once('listening', done);
});
const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * The raw baseline of the same run: the same client and request count against a bare node:http
 * server that answers `1` at once — what this machine (and whatever else runs on it right now)
 * allows an HTTP endpoint at all.
 */
async function rawBaseline(n: number): Promise<ClientRun> {
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('1')).listen(0, '127.0.0.1');
  try {
    const base = await listening(server);
    return await runClient(Array.from({ length: n }, (_, i) => `${base}/?cid=0106${String(i).padStart(7, '0')}`), CONCURRENCY);
  } finally {
    await closed(server);
  }
}

/** Every (080 number, caller) on the opt-out list with source 080, and the callback log's tally. */
async function storedState(db: AppDeps['db']) {
  const listed = await sql<{ fr: string; phone: string }>`
    SELECT c.opt_out_080_number AS fr, o.phone FROM opt_outs o JOIN companies c ON c.id = o.company_id WHERE o.source = '080'`.execute(db);
  const logs = await sql<{ result: string; n: string }>`SELECT result, count(*) AS n FROM callback_080_logs GROUP BY result`.execute(db);
  return {
    pairs: new Set(listed.rows.map((r) => `${r.fr} ${r.phone}`)),
    logged: Object.fromEntries(logs.rows.map((r) => [r.result, Number(r.n)])) as Record<string, number | undefined>,
  };
}

const BAR = { rps: 2000, p99Ms: 50 };

/**
 * P6 (PERF.md): a flood of Narae 080 callbacks (10% duplicates) on loopback against the real app
 * over HTTP with bounded concurrency; reports throughput and p99 next to the raw HTTP baseline of
 * the same run, and checks that every unique valid caller is on the right company's list, every
 * request answered `1`, and every call has its log row.
 */
export async function p6080Flood(opts: BenchOptions): Promise<string[]> {
  const n = Math.round((opts.smoke ? 400 : 20_000) * (opts.scale ?? 1));
  const id = `hj_bench_${randomBytes(4).toString('hex')}`;
  await pgAdmin(PG_URL, `CREATE DATABASE ${id}`);
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
    const base = `${await listening(server)}/api/unsubscribes/080callback`;
    const urls = calls.map((c) => `${base}?${new URLSearchParams({ cid: c.cid, fr: c.fr, token: TOKEN }).toString()}`);
    const raw = await rawBaseline(n);
    const { answers, latencies, wallMs } = await runClient(urls, CONCURRENCY);

    const { pairs, logged } = await storedState(deps.db);
    const ok = answers.filter((a) => a === '200:1').length;
    const complete = pairs.size === uniques.length && uniques.every((u) => pairs.has(`${u.fr} ${u.cid}`)) && ok === n
      && logged.stored === uniques.length && logged.already_listed === n - uniques.length;
    const rps = Math.round(n / (wallMs / 1000));
    const p99 = percentile(latencies, 99);
    const meetsBar = complete && rps >= BAR.rps && p99 <= BAR.p99Ms;
    const line = `P6 requests=${n} concurrency=${CONCURRENCY} client=${CLIENT_KIND} rps=${rps} p50_ms=${percentile(latencies, 50).toFixed(1)} ` +
      `p99_ms=${p99.toFixed(1)} raw_rps=${Math.round(n / (raw.wallMs / 1000))} raw_p99_ms=${percentile(raw.latencies, 99).toFixed(1)} ` +
      `stored=${pairs.size} unique=${uniques.length} answered_1=${ok} complete=${complete}${opts.smoke ? '' : ` bar=${meetsBar ? 'met' : 'missed'}`}`;
    // a lost or misfiled opt-out fails the run (the smoke run too); speed alone never does
    if (!complete) throw new Error(`P6 stored the callers incompletely: ${line}`);
    return [line];
  } finally {
    await closed(server);
    await closeDeps(deps);
    await pgAdmin(PG_URL, `DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
  }
}
