/** Test harness of the customers and uploads modules. */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import express, { type Express } from 'express';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { TestContext } from '../../../test/context.js';
import { createTestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { startWorkers, type RunningWorkers } from '../../jobs/run-workers.js';
import { customerRoutes } from '../customers/customers.routes.js';
import { importCustomersJob } from './import-customers.job.js';
import { uploadRoutes } from './uploads.routes.js';

/** A test world whose uploads go to a private temporary directory. */
export async function createUploadTestContext(): Promise<TestContext> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hj-uploads-'));
  return createTestContext({ env: { UPLOAD_DIR: dir } });
}

/** The two routers alone (until the lead mounts them in app.ts), with the real middlewares. */
export function moduleApp(ctx: TestContext): Express {
  const app = express();
  app.use(requestLogger(ctx.deps.logger));
  app.use(express.json({ limit: '2mb' }));
  app.use(uploadRoutes(ctx.deps));
  app.use(customerRoutes(ctx.deps));
  app.use(errorHandler);
  return app;
}

/** The import job through real BullMQ, in this process. */
export function startImportWorker(ctx: TestContext): Promise<RunningWorkers> {
  const q = ctx.deps.queues;
  return startWorkers({ ...ctx.deps, mysqlAdmin: ctx.deps.mysql }, q, q.connection, q.prefix, [importCustomersJob]);
}

export const uploadedFiles = async (ctx: TestContext) => (await readdir(ctx.config.uploadDir).catch(() => [] as string[])).sort();

export const MESSY_HEADERS = ['고객명', '휴대폰', '성별', '생년월일', '지역', '등급', '수신동의', '최근구매일', '총구매금액'];

const GENDERS = ['남자', '여', 'M', 'female', '남', '여자'] as const;
const BIRTHS = ['1985. 12. 17.', '32874', '19900102', '1979-03-04'] as const;
const REGIONS = ['서울특별시', '부산광역시', '경기도', '서울시', 'Seoul'] as const;
const GRADES = ['VIP고객', '일반', 'vip', '골드회원'] as const;
const CONSENTS = ['동의', '비동의', 'Y', 'N', '수신거부'] as const;
const PURCHASES = ['2025. 12. 17.', '20251201', '45000', '2025-11-30'] as const;
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

export const phoneOf = (i: number) => `010${String(10_000_000 + i).slice(-8)}`;
/** Every 500th row has a broken phone, every 1,000th (offset 3) a consent value nobody can read. */
export const isBadPhone = (i: number) => i % 500 === 7;
export const isBadConsent = (i: number) => i % 1000 === 3;

/** Row i of the messy file, as text (what a CSV holds). ￦ is the CP949 won sign (₩ U+20A9 is not in CP949). */
export function messyRow(i: number): string[] {
  const digits = phoneOf(i);
  const phone = isBadPhone(i) ? `02-12${i % 10}` : i % 2 === 0 ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}` : digits;
  return [
    `고객${i}`,
    phone,
    pick(GENDERS, i),
    pick(BIRTHS, i),
    pick(REGIONS, i),
    pick(GRADES, i),
    isBadConsent(i) ? '모름' : pick(CONSENTS, i),
    pick(PURCHASES, i),
    `￦${(i * 100).toLocaleString('en-US')}원`,
  ];
}

/** What the database must hold for row i after the import. */
export function expectedCustomer(i: number) {
  return {
    phone: phoneOf(i),
    name: `고객${i}`,
    gender: (['M', 'F', 'M', 'F', 'M', 'F'] as const)[i % 6],
    birth_date: (['1985-12-17', '1990-01-01', '1990-01-02', '1979-03-04'] as const)[i % 4],
    region: (['서울', '부산', '경기', '서울', '서울'] as const)[i % 5],
    grade: (['VIP', '일반', 'VIP', '골드'] as const)[i % 4],
    sms_opt_in: [true, false, true, false, false][i % 5],
    recent_purchase_date: (['2025-12-17', '2025-12-01', '2023-03-15', '2025-11-30'] as const)[i % 4],
    total_purchase_amount: (i * 100).toFixed(2),
  };
}

const csvLine = (cells: readonly string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

export function messyCsvText(rows: number): string {
  const lines = [csvLine(MESSY_HEADERS)];
  for (let i = 0; i < rows; i++) lines.push(csvLine(messyRow(i)));
  return `${lines.join('\r\n')}\r\n`;
}

export const cp949 = (text: string) => iconv.encode(text, 'cp949');

/**
 * The same rows as an .xlsx written with exceljs, the way Excel users' files look: odd rows' phones
 * as numbers (the leading 0 lost), births as real date cells or serials, purchases as dates.
 */
export async function messyXlsx(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('고객');
  ws.addRow(MESSY_HEADERS).commit();
  for (let i = 0; i < rows; i++) {
    const cells: Array<string | number | Date> = messyRow(i);
    if (!isBadPhone(i) && i % 2 === 1) cells[1] = Number(phoneOf(i)); // 1010000001: Excel dropped the 0
    if (i % 4 === 2) cells[3] = new Date(Date.UTC(1990, 0, 2));
    if (i % 4 === 1) cells[3] = 32874;
    if (i % 4 === 0) cells[7] = new Date(Date.UTC(2025, 11, 17));
    ws.addRow(cells).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Parses the failure report as a spreadsheet would. */
export function parseReport(body: string): string[][] {
  return parseCsv(body, { bom: true, relax_column_count: true }) as string[][];
}
