import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import pg from 'pg';
import { pino } from 'pino';
import { mulberry32 } from '@hanjullo/shared';
import { loadConfig } from '../src/config.js';
import { createApp, type AppDeps } from '../src/app.js';
import { closeDeps, createDeps } from '../src/deps.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startWorkers } from '../src/jobs/run-workers.js';
import { startSession } from '../src/modules/auth/sessions.service.js';
import { userSubjectOf } from '../src/modules/auth/session-subject.js';
import { importCustomersJob } from '../src/modules/uploads/import-customers.job.js';
import { countCustomers, rawUpsert, snapshotCustomers } from './p3-raw-customer-upsert.js';
import { pgAdmin, withDb } from './bench-util.js';
import type { BenchOptions } from './run.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEED = 5;
/**
 * How often the client asks for progress, as a progress bar would (each poll is a real request:
 * session check, upload row, Redis). Ours includes up to one interval of waiting for the last poll.
 */
const POLL_MS = 250;

/** The file's columns and the mapping the user gives on the preview screen. */
const HEADERS = ['고객명', '휴대폰번호', '성별', '생년월일', '이메일', '지역', '회원등급', '포인트', '매장코드', '수신동의', '최근구매일', '누적구매금액', '메모'];
const MAPPING: Record<string, string> = {
  고객명: 'name', 휴대폰번호: 'phone', 성별: 'gender', 생년월일: 'birth_date', 이메일: 'email', 지역: 'region', 회원등급: 'grade',
  포인트: 'points', 매장코드: 'store_code', 수신동의: 'sms_opt_in', 최근구매일: 'recent_purchase_date', 누적구매금액: 'total_purchase_amount', 메모: 'custom_1',
};
const REGIONS = ['서울특별시', '경기도', '부산', '인천광역시', '대구'] as const;
const GRADES = ['VIP', '골드', '실버', '일반'] as const;
const CONSENTS = ['Y', 'N', '동의', '수신거부', 'y'] as const;

/**
 * Row i of a customer file as Korean shops keep it: phones with and without dashes (every 500th
 * one broken), Korean genders, dates in two spellings, amounts with thousands separators,
 * consent as Y/N/동의/수신거부. Deterministic from the seed; `birth` and `purchase` are dates.
 */
function fileRows(n: number): Array<{ cells: string[]; birth: Date; purchase: Date }> {
  const random = mulberry32(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const digits = `010${String(20_000_000 + i).slice(-8)}`;
    const birth = new Date(Date.UTC(1950 + Math.floor(random() * 55), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
    const purchase = new Date(Date.UTC(2026, Math.floor(random() * 10), 1 + Math.floor(random() * 28)));
    const ymd = (d: Date) => d.toISOString().slice(0, 10);
    const phone = i % 500 === 7 ? `02-12${i % 10}` : random() < 0.5 ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}` : digits;
    return {
      birth,
      purchase,
      cells: [
        `고객${i}`,
        phone,
        random() < 0.5 ? '남' : '여',
        random() < 0.5 ? ymd(birth) : ymd(birth).replace(/-/g, ''),
        random() < 0.3 ? `c${i}@example.com` : '',
        pick(REGIONS),
        pick(GRADES),
        String(Math.floor(random() * 50_000)),
        random() < 0.8 ? 'S01' : '',
        pick(CONSENTS),
        ymd(purchase),
        (Math.floor(random() * 3000) * 1000).toLocaleString('en-US'),
        random() < 0.5 ? `메모 ${i % 13}` : '',
      ],
    };
  });
}

const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

async function writeCp949Csv(file: string, rows: ReturnType<typeof fileRows>): Promise<void> {
  const lines = [HEADERS.join(',')];
  for (const r of rows) lines.push(r.cells.map(csvCell).join(','));
  await writeFile(file, iconv.encode(`${lines.join('\r\n')}\r\n`, 'cp949'));
}

/** The same rows as .xlsx: birth and purchase dates as real date cells, the rest as text. */
async function writeXlsx(file: string, rows: ReturnType<typeof fileRows>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('고객');
  ws.addRow(HEADERS).commit();
  for (const r of rows) {
    const cells: Array<string | Date> = [...r.cells];
    cells[3] = r.birth;
    cells[10] = r.purchase;
    ws.addRow(cells).commit();
  }
  ws.commit();
  await wb.commit();
}

const listening = (server: Server) =>
  new Promise<string>((resolve) => {
    const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    if (server.listening) done();
    else server.once('listening', done);
  });
const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function companyWithUser(deps: AppDeps, code: string): Promise<{ companyId: string; token: string }> {
  const company = await deps.db.insertInto('companies').values({
    code, name: `벤치 ${code}`, status: 'active', price_sms: '9.9', price_lms: '30', price_mms: '80', price_kakao: '8', balance: '0', opt_out_080_number: null,
  }).returning(['id', 'name', 'session_timeout_minutes']).executeTakeFirstOrThrow();
  const user = await deps.db.insertInto('users').values({
    company_id: company.id, login_id: `bench-${code.toLowerCase()}`, password_hash: 'x', name: '벤치 마케터', phone: '01090010101', user_type: 'user',
  }).returningAll().executeTakeFirstOrThrow();
  const subject = userSubjectOf({ ...user, company_name: company.name });
  const { token } = await startSession(deps, subject, 'service', company.session_timeout_minutes, { ip: '127.0.0.1', userAgent: 'bench' });
  return { companyId: company.id, token };
}

interface Imported {
  uploadS: number;
  importS: number;
  totalS: number;
  progress: { status: string; inserted: number; failed: number; processed: number };
}

/** Upload (preview) → import with the mapping → poll progress until the job ends, all over HTTP. */
async function importFile(base: string, token: string, file: string, name: string): Promise<Imported> {
  const auth = { Authorization: `Bearer ${token}` };
  const bytes = await readFile(file);
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const up = await fetch(`${base}/api/customers/uploads`, { method: 'POST', headers: auth, body: form });
  const preview = (await up.json()) as { uploadId: string; totalRows: number };
  if (up.status !== 201) throw new Error(`upload ${name}: HTTP ${up.status} ${JSON.stringify(preview)}`);
  const t1 = performance.now();
  const started = await fetch(`${base}/api/customers/uploads/${preview.uploadId}/import`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ mapping: MAPPING }),
  });
  if (started.status !== 202) throw new Error(`import ${name}: HTTP ${started.status} ${await started.text()}`);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const progress = (await (await fetch(`${base}/api/customers/uploads/${preview.uploadId}`, { headers: auth })).json()) as Imported['progress'];
    if (progress.status === 'completed' || progress.status === 'failed') {
      const t2 = performance.now();
      return { uploadS: (t1 - t0) / 1000, importS: (t2 - t1) / 1000, totalS: (t2 - t0) / 1000, progress };
    }
    if (Date.now() > deadline) throw new Error(`import ${name} did not finish: ${JSON.stringify(progress)}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * P5 (PERF.md): a customer file imported through the upload API — upload + preview, import with
 * the mapping, the BullMQ import job (worker in this process) to completion — for a CP949 CSV and
 * an .xlsx of N rows, each into a fresh company, against the same stored rows written again by a
 * bare unnest upsert in 1,000-row batches (one connection, as the import writes one batch at a time).
 */
export async function p5UploadImport(opts: BenchOptions): Promise<string[]> {
  const n = Math.round(opts.smoke ? 2_000 : 200_000 * (opts.scale ?? 1));
  const id = `hj_bench_${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'hj-bench-p5-'));
  await pgAdmin(PG_URL, `CREATE DATABASE ${id}`);
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: withDb(PG_URL, id), REDIS_URL, REDIS_PREFIX: id, UPLOAD_DIR: path.join(dir, 'uploads'),
  });
  const deps = createDeps(config, pino({ level: 'silent' }));
  const server = createApp(deps).listen(0, '127.0.0.1');
  const raw = new pg.Pool({ connectionString: withDb(PG_URL, id), max: 1 });
  const q = deps.queues;
  const worker = await startWorkers({ ...deps, mysqlAdmin: deps.mysql }, q, q.connection, q.prefix, [importCustomersJob]);
  try {
    await migrateToLatest(deps.db);
    const base = await listening(server);
    const rows = fileRows(n);
    const bad = rows.filter((_, i) => i % 500 === 7).length;
    const files = [
      { kind: 'csv-cp949', file: path.join(dir, 'customers.csv'), name: '고객명단.csv', write: writeCp949Csv },
      { kind: 'xlsx', file: path.join(dir, 'customers.xlsx'), name: '고객명단.xlsx', write: writeXlsx },
    ];
    const lines: string[] = [];
    for (const f of files) {
      await f.write(f.file, rows);
      const ours = await companyWithUser(deps, `P5${f.kind === 'xlsx' ? 'X' : 'C'}`);
      await raw.query('ANALYZE customers');
      const cpu0 = process.cpuUsage();
      const run = await importFile(base, ours.token, f.file, f.name);
      const cpu = process.cpuUsage(cpu0);
      const stored = await countCustomers(raw, ours.companyId);
      if (run.progress.status !== 'completed' || run.progress.processed !== n || run.progress.failed !== bad || stored !== n - bad) {
        throw new Error(`P5 ${f.kind}: ${JSON.stringify(run.progress)}, stored ${stored}, expected ${n - bad} and ${bad} failures`);
      }
      const snap = await snapshotCustomers(raw, ours.companyId);
      const target = await companyWithUser(deps, `P5R${f.kind === 'xlsx' ? 'X' : 'C'}`);
      const rawS = await rawUpsert(raw, target.companyId, 'upload', snap, 1);
      if ((await countCustomers(raw, target.companyId)) !== stored) throw new Error('raw baseline stored a different number of rows');
      lines.push(
        `P5 file=${f.kind} rows=${n} stored=${stored} ours_s=${run.totalS.toFixed(2)} raw_s=${rawS.toFixed(2)} ratio=${(rawS / run.totalS).toFixed(2)} upload_preview_s=${run.uploadS.toFixed(2)} import_s=${run.importS.toFixed(2)} api_cpu_s=${((cpu.user + cpu.system) / 1e6).toFixed(2)}`,
      );
    }
    return lines;
  } finally {
    await worker.close();
    await closed(server);
    await raw.end();
    await q.queue(importCustomersJob.name).obliterate({ force: true }).catch(() => undefined);
    const keys = await deps.redis.keys(`${id}:*`);
    if (keys.length > 0) await deps.redis.del(...keys);
    await closeDeps(deps);
    await pgAdmin(PG_URL, `DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  }
}
