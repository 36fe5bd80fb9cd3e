import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import XLSX from 'xlsx';
import { UploadPreview, UploadProgress } from '@hanjullo/shared';
import type { TestContext } from '../../../test/context.js';
import { createCompany } from '../../../test/factories.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';
import type { RunningWorkers } from '../../jobs/run-workers.js';
import { cleanupUploads } from './uploads.service.js';
import {
  cp949,
  createUploadTestContext,
  expectedCustomer,
  isBadConsent,
  isBadPhone,
  messyCsvText,
  messyXlsx,
  moduleApp,
  parseReport,
  phoneOf,
  startImportWorker,
  uploadedFiles,
} from './uploads.test-helpers.js';

let ctx: TestContext;
let app: Express;
let worker: RunningWorkers;
const ROWS = 30_000;
const BAD = Array.from({ length: ROWS }, (_, i) => i).filter((i) => isBadPhone(i) || isBadConsent(i));
const GOOD = ROWS - BAD.length;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  ctx = await createUploadTestContext();
  app = moduleApp(ctx);
  worker = await startImportWorker(ctx);
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await ctx?.close();
  if (ctx) await rm(ctx.config.uploadDir, { recursive: true, force: true });
});

async function upload(token: string, body: Buffer, filename: string): Promise<request.Response> {
  return request(app).post('/api/customers/uploads').set(bearer(token)).attach('file', body, { filename });
}
async function uploadOk(token: string, body: Buffer, filename: string): Promise<UploadPreview> {
  const res = await upload(token, body, filename);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return UploadPreview.parse(res.body);
}
const progressOf = async (token: string, id: string) =>
  UploadProgress.parse((await request(app).get(`/api/customers/uploads/${id}`).set(bearer(token)).expect(200)).body);

/** Polls until the import ends; returns every snapshot seen. */
async function waitForImport(token: string, id: string, timeoutMs = 180_000): Promise<UploadProgress[]> {
  const seen: UploadProgress[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await progressOf(token, id);
    seen.push(p);
    if (p.status === 'completed' || p.status === 'failed') return seen;
    if (Date.now() > deadline) throw new Error(`import did not finish: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const customers = (companyId: string) => ctx.deps.db.selectFrom('customers').selectAll().where('company_id', '=', companyId);

describe('30k-row messy CP949 CSV', () => {
  let companyId: string;
  let token: string;
  let csv: Buffer;
  let timing = 0;

  beforeAll(async () => {
    const c = await createCompanyWithUsers(ctx);
    companyId = c.companyId;
    token = c.user.token;
    csv = cp949(messyCsvText(ROWS));
  });

  it('previews, imports through BullMQ with live progress, stores normalised values and reports failures by row', async () => {
    const preview = await uploadOk(token, csv, '고객명단.csv');
    expect(preview).toMatchObject({ originalName: '고객명단.csv', fileType: 'csv', encoding: 'cp949', totalRows: ROWS, sheetName: null });
    expect(preview.headers).toEqual(['고객명', '휴대폰', '성별', '생년월일', '지역', '등급', '수신동의', '최근구매일', '총구매금액']);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toEqual(['고객0', '010-1000-0000', '남자', '1985. 12. 17.', '서울특별시', 'VIP고객', '동의', '2025. 12. 17.', '￦0원']);
    expect(preview.suggestedMapping).toEqual({
      고객명: 'name', 휴대폰: 'phone', 성별: 'gender', 생년월일: 'birth_date', 지역: 'region', 등급: 'grade',
      수신동의: 'sms_opt_in', 최근구매일: 'recent_purchase_date', 총구매금액: 'total_purchase_amount',
    });
    // stored under a random name, never the client's
    const files = await uploadedFiles(ctx);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}$/);

    const t0 = performance.now();
    const started = await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(token)).send({ mapping: preview.suggestedMapping });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toEqual({ uploadId: preview.uploadId, status: 'queued' });
    const snapshots = await waitForImport(token, preview.uploadId);
    timing = performance.now() - t0;
    console.log(`30k CP949 CSV import: ${(timing / 1000).toFixed(1)} s`);

    expect(snapshots.some((s) => s.status === 'running' && s.processed > 0 && s.processed < ROWS)).toBe(true);
    const final = snapshots.at(-1);
    expect(final).toMatchObject({ status: 'completed', processed: ROWS, inserted: GOOD, updated: 0, unchanged: 0, failed: BAD.length, total: ROWS, error: null });
    expect(final?.startedAt).not.toBeNull();
    expect(final?.finishedAt).not.toBeNull();

    // rows in PG, normalised
    const rows = await customers(companyId).execute();
    expect(rows).toHaveLength(GOOD);
    const byPhone = new Map(rows.map((r) => [r.phone, r]));
    for (const i of [0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 29_999]) {
      expect(byPhone.get(phoneOf(i)), `row ${i}`).toMatchObject({ ...expectedCustomer(i), source: 'upload', store_code: null });
    }
    expect(byPhone.has(phoneOf(7))).toBe(false);
    expect(byPhone.has(phoneOf(3))).toBe(false);
    // 비동의 / N / 수신거부 rows are on the company's opt-out list
    const refused = rows.filter((r) => !r.sms_opt_in).length;
    const optOuts = await ctx.deps.db.selectFrom('opt_outs').select(['phone', 'source']).where('company_id', '=', companyId).execute();
    expect(optOuts).toHaveLength(refused);
    expect(new Set(optOuts.map((o) => o.source))).toEqual(new Set(['upload']));

    // the file is gone after the import
    expect(await uploadedFiles(ctx)).toEqual([]);

    const report = await request(app).get(`/api/customers/uploads/${preview.uploadId}/failures.csv`).set(bearer(token)).expect(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.text.startsWith('\ufeff')).toBe(true);
    const lines = parseReport(report.text);
    expect(lines[0]).toEqual(['행 번호', '휴대폰번호', '실패 사유']);
    expect(lines).toHaveLength(BAD.length + 1);
    // header is row 1, data row i is file row i + 2
    expect(lines[1]).toEqual(['5', '01010000003', '수신동의 값을 알 수 없습니다: 모름']);
    expect(lines[2]?.[0]).toBe('9');
    expect(lines[2]?.[1]).toBe('02-127');
    expect(lines[2]?.[2]).toContain('휴대폰 번호 형식이 올바르지 않습니다');

    const audit = await ctx.deps.db.selectFrom('audit_logs').select(['action', 'details']).where('company_id', '=', companyId).where('action', 'like', 'customer.upload.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['customer.upload.created', 'customer.upload.import_requested', 'customer.upload.imported']);
    expect(audit[2]?.details).toMatchObject({ inserted: GOOD, failed: BAD.length });
  }, 240_000);

  it('changes nothing when the same file is uploaded and imported again', async () => {
    const before = await customers(companyId).select(['updated_at']).execute();
    const preview = await uploadOk(token, csv, '고객명단.csv');
    await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(token)).send({ mapping: preview.suggestedMapping }).expect(202);
    const final = (await waitForImport(token, preview.uploadId)).at(-1);
    expect(final).toMatchObject({ status: 'completed', inserted: 0, updated: 0, unchanged: GOOD, failed: BAD.length });
    const after = await customers(companyId).select(['updated_at']).execute();
    expect(after.length).toBe(before.length);
    expect(Math.max(...after.map((r) => r.updated_at.getTime()))).toBe(Math.max(...before.map((r) => r.updated_at.getTime())));
  }, 240_000);
});

describe('the same data as .xlsx', () => {
  it('imports with the same normalised values (numeric phones, date cells, serials)', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const dir = await mkdtemp(path.join(tmpdir(), 'hj-xlsx-'));
    const file = path.join(dir, 'messy.xlsx');
    await messyXlsx(file, ROWS);
    const preview = await uploadOk(user.token, await readFile(file), '고객.xlsx');
    await rm(dir, { recursive: true });
    expect(preview).toMatchObject({ fileType: 'xlsx', encoding: null, sheetName: '고객', totalRows: ROWS });
    expect(preview.rows[1]?.[1]).toBe(1010000001);
    expect(preview.rows[2]?.[3]).toBe('1990-01-02');
    const t0 = performance.now();
    await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token)).send({ mapping: preview.suggestedMapping }).expect(202);
    const final = (await waitForImport(user.token, preview.uploadId)).at(-1);
    console.log(`30k XLSX import: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(final).toMatchObject({ status: 'completed', inserted: GOOD, failed: BAD.length, processed: ROWS });
    const rows = await customers(companyId).execute();
    expect(rows).toHaveLength(GOOD);
    const byPhone = new Map(rows.map((r) => [r.phone, r]));
    for (const i of [0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 29_999]) {
      expect(byPhone.get(phoneOf(i)), `row ${i}`).toMatchObject(expectedCustomer(i));
    }
    const lines = parseReport((await request(app).get(`/api/customers/uploads/${preview.uploadId}/failures.csv`).set(bearer(user.token)).expect(200)).text);
    expect(lines.slice(1, 3).map((l) => l[0])).toEqual(['5', '9']);
  }, 240_000);
});

describe('refusals', () => {
  it('refuses a 60 MB file with 413 and keeps nothing', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const before = await uploadedFiles(ctx);
    const big = Buffer.alloc(60 * 1024 * 1024, 'a');
    const res = await upload(user.token, big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('50MB') });
    expect(await uploadedFiles(ctx)).toEqual(before);
    expect(await ctx.deps.db.selectFrom('upload_jobs').select('id').where('company_id', '=', companyId).execute()).toEqual([]);
  }, 60_000);

  it('refuses unauthenticated uploads, wrong types and extension/content mismatches, keeping nothing', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const before = await uploadedFiles(ctx);
    await request(app).post('/api/customers/uploads').attach('file', Buffer.from('a,b\n'), { filename: 'a.csv' }).expect(401);
    expect((await upload(user.token, Buffer.from('이름,휴대폰\n'), 'a.txt')).status).toBe(415);
    expect((await upload(user.token, Buffer.from('이름,휴대폰\n홍,01012345678\n'), 'a.xlsx')).status).toBe(415);
    expect((await upload(user.token, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'a.csv')).status).toBe(415);
    expect((await upload(user.token, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.xlsx')).status).toBe(400);
    expect((await request(app).post('/api/customers/uploads').set(bearer(user.token)).send({})).status).toBe(400);
    expect(await uploadedFiles(ctx)).toEqual(before);
  });

  it('requires the phone column and an explicit consent statement when no consent column is mapped', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const preview = await uploadOk(user.token, Buffer.from('\ufeff이름,휴대폰\n홍길동,010-1111-2222\n김영희,01011113333\n'), 'no-consent.csv');
    expect(preview.encoding).toBe('utf-8');
    const importUrl = `/api/customers/uploads/${preview.uploadId}/import`;
    const noPhone = await request(app).post(importUrl).set(bearer(user.token)).send({ mapping: { 이름: 'name', 휴대폰: null } });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.error.message).toContain('휴대폰번호 열을 매핑');
    const noConsent = await request(app).post(importUrl).set(bearer(user.token)).send({ mapping: preview.suggestedMapping });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.message).toContain('수신동의는 절대 기본값으로');
    expect(noConsent.body.error.details).toEqual({ consentRequired: true });
    const unknownField = await request(app).post(importUrl).set(bearer(user.token)).send({ mapping: { 이름: 'password', 휴대폰: 'phone' }, consent: 'all_consented' });
    expect(unknownField.status).toBe(400);
    expect(await customers(companyId).execute()).toEqual([]);

    await request(app).post(importUrl).set(bearer(user.token)).send({ mapping: preview.suggestedMapping, consent: 'all_consented' }).expect(202);
    expect((await waitForImport(user.token, preview.uploadId)).at(-1)).toMatchObject({ status: 'completed', inserted: 2 });
    const rows = await customers(companyId).orderBy('phone').execute();
    expect(rows.map((r) => [r.phone, r.name, r.sms_opt_in])).toEqual([
      ['01011112222', '홍길동', true],
      ['01011113333', '김영희', true],
    ]);
  });

  it('writes batches side by side but the rows of one phone in file order (later rows win, a refusal is kept)', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    // 4,500 rows = 5 batches; phone 1 appears in batches 1, 2, 3 and 5 (once under a store code),
    // phone 2 refuses in batch 1 and is sent again, consenting, in batch 4
    const lines = Array.from({ length: 4500 }, (_, i) => `고객${i},${phoneOf(100 + i)},,Y`);
    lines[10] = `첫째,${phoneOf(1)},,Y`;
    lines[20] = `거부,${phoneOf(2)},,N`;
    lines[1500] = `둘째,${phoneOf(1)},,Y`;
    lines[2100] = `매장,${phoneOf(1)},S1,Y`;
    lines[3200] = `다시,${phoneOf(2)},,Y`;
    lines[4499] = `마지막,${phoneOf(1)},,Y`;
    const preview = await uploadOk(user.token, Buffer.from(`이름,휴대폰,매장코드,수신동의\n${lines.join('\n')}\n`), 'order.csv');
    await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token))
      .send({ mapping: { 이름: 'name', 휴대폰: 'phone', 매장코드: 'store_code', 수신동의: 'sms_opt_in' } }).expect(202);
    expect((await waitForImport(user.token, preview.uploadId)).at(-1)).toMatchObject({ status: 'completed', processed: 4500, inserted: 4497, updated: 3, failed: 0 });
    const byKey = new Map((await customers(companyId).execute()).map((r) => [`${r.store_code ?? ''}:${r.phone}`, r]));
    expect(byKey.get(`:${phoneOf(1)}`)?.name).toBe('마지막');
    expect(byKey.get(`S1:${phoneOf(1)}`)?.name).toBe('매장');
    expect(byKey.get(`:${phoneOf(2)}`)).toMatchObject({ name: '다시', sms_opt_in: false });
    const optOuts = await ctx.deps.db.selectFrom('opt_outs').select('phone').where('company_id', '=', companyId).execute();
    expect(optOuts.map((o) => o.phone)).toEqual([phoneOf(2)]);
  });

  it('checks the plan customer cap before queueing and answers 409 with the numbers', async () => {
    const plan = await ctx.deps.db.insertInto('plans').values({ code: `CAP${Date.now() % 100000}`, name: '소형', max_customers: 5, monthly_price: '0' }).returning('id').executeTakeFirstOrThrow();
    const company = await createCompany(ctx.deps.db, { plan_id: plan.id });
    const user = await signInUser(ctx, company.id, 'user');
    const existing = Array.from({ length: 3 }, (_, i) => `홍${i},0102000000${i},Y`);
    const seed = await uploadOk(user.token, Buffer.from(`이름,휴대폰,수신동의\n${existing.join('\n')}\n`), 'seed.csv');
    await request(app).post(`/api/customers/uploads/${seed.uploadId}/import`).set(bearer(user.token)).send({ mapping: seed.suggestedMapping }).expect(202);
    await waitForImport(user.token, seed.uploadId);

    // 3 stored + 3 new (of 6 rows; 3 already stored) = 6 > 5
    const rows = [...existing, ...Array.from({ length: 3 }, (_, i) => `김${i},0103000000${i},N`)];
    const preview = await uploadOk(user.token, Buffer.from(`이름,휴대폰,수신동의\n${rows.join('\n')}\n`), 'more.csv');
    const res = await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token)).send({ mapping: preview.suggestedMapping });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ maxCustomers: 5, currentCustomers: 3, newCustomers: 3, afterImport: 6 });
    expect(res.body.error.message).toContain('최대 고객 수(5명)');
    expect((await progressOf(user.token, preview.uploadId)).status).toBe('uploaded');
    expect(await customers(company.id).execute()).toHaveLength(3);

    // re-sending the stored customers (no new ones) is within the cap
    const same = await uploadOk(user.token, Buffer.from(`이름,휴대폰,수신동의\n${existing.join('\n')}\n`), 'same.csv');
    await request(app).post(`/api/customers/uploads/${same.uploadId}/import`).set(bearer(user.token)).send({ mapping: same.suggestedMapping }).expect(202);
    expect((await waitForImport(user.token, same.uploadId)).at(-1)).toMatchObject({ status: 'completed', unchanged: 3 });
  });

  it('queues one import for a double click', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const preview = await uploadOk(user.token, Buffer.from('이름,휴대폰,수신동의\n홍,01040000001,Y\n'), 'x.csv');
    const send = () => request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token)).send({ mapping: preview.suggestedMapping });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409]);
    await waitForImport(user.token, preview.uploadId);
    expect(await customers(companyId).execute()).toHaveLength(1);
    expect((await send()).status).toBe(409);
  });
});

describe('formats, scope and cleanup', () => {
  it('reads a legacy .xls (SheetJS in a worker thread)', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['성명', '핸드폰', '성별', '생년월일', '수신동의'], ['이순신', 1055556666, '남자', 32874, '동의'], [], ['=1+1', '010-5555-7777', '여', '19900102', '거부']]), '회원');
    const buf = XLSX.write(wb, { bookType: 'xls', type: 'buffer' }) as Buffer;
    const preview = await uploadOk(user.token, buf, 'legacy.xls');
    expect(preview).toMatchObject({ fileType: 'xls', sheetName: '회원', totalRows: 2, headers: ['성명', '핸드폰', '성별', '생년월일', '수신동의'] });
    await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token)).send({ mapping: preview.suggestedMapping }).expect(202);
    expect((await waitForImport(user.token, preview.uploadId)).at(-1)).toMatchObject({ status: 'completed', inserted: 2 });
    const rows = await customers(companyId).orderBy('phone').execute();
    expect(rows.map((r) => [r.phone, r.name, r.gender, r.birth_date, r.sms_opt_in])).toEqual([
      ['01055556666', '이순신', 'M', '1990-01-01', true],
      ['01055557777', '=1+1', 'F', '1990-01-02', false],
    ]);
  });

  it('escapes formulas in the failure report', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const preview = await uploadOk(user.token, Buffer.from('이름,휴대폰,수신동의\n홍,"=HYPERLINK(""http://x"")",Y\n김,+8210,Y\n'), 'evil.csv');
    await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token)).send({ mapping: preview.suggestedMapping }).expect(202);
    await waitForImport(user.token, preview.uploadId);
    const report = await request(app).get(`/api/customers/uploads/${preview.uploadId}/failures.csv`).set(bearer(user.token)).expect(200);
    const lines = parseReport(report.text);
    expect(lines.slice(1).map((l) => [l[0], l[1]])).toEqual([
      ['2', `'=HYPERLINK("http://x")`],
      ['3', "'+8210"],
    ]);
  });

  it("hides another company's upload and a colleague's upload from a store-limited user", async () => {
    const a = await createCompanyWithUsers(ctx);
    const b = await createCompanyWithUsers(ctx);
    const brandUser = await signInUser(ctx, a.companyId, 'user', { storeCodes: ['A1'] });
    const preview = await uploadOk(a.user.token, Buffer.from('이름,휴대폰,수신동의\n홍,01060000001,Y\n'), 'a.csv');
    for (const token of [b.user.token, b.admin.token, brandUser.token]) {
      await request(app).get(`/api/customers/uploads/${preview.uploadId}`).set(bearer(token)).expect(404);
      await request(app).get(`/api/customers/uploads/${preview.uploadId}/failures.csv`).set(bearer(token)).expect(404);
      await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(token)).send({ mapping: preview.suggestedMapping }).expect(404);
    }
    await request(app).get(`/api/customers/uploads/${preview.uploadId}`).set(bearer(a.admin.token)).expect(200);
  });

  it('writes a store-limited uploader\'s rows only under their store code', async () => {
    const { companyId } = await createCompanyWithUsers(ctx);
    const brandUser = await signInUser(ctx, companyId, 'user', { storeCodes: ['A1'] });
    const csv = '이름,휴대폰,매장코드,수신동의\n홍,01070000001,,Y\n김,01070000002,A1,Y\n박,01070000003,B1,Y\n';
    const preview = await uploadOk(brandUser.token, Buffer.from(csv), 'brand.csv');
    await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(brandUser.token)).send({ mapping: preview.suggestedMapping }).expect(202);
    expect((await waitForImport(brandUser.token, preview.uploadId)).at(-1)).toMatchObject({ inserted: 2, failed: 1 });
    const rows = await customers(companyId).orderBy('phone').execute();
    expect(rows.map((r) => [r.phone, r.store_code])).toEqual([['01070000001', 'A1'], ['01070000002', 'A1']]);
  });

  it('deletes files of uploads not imported within 24 hours, and orphan files', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const preview = await uploadOk(user.token, Buffer.from('이름,휴대폰\n홍,01080000001\n'), 'late.csv');
    const { stored_name } = await ctx.deps.db.selectFrom('upload_jobs').select('stored_name').where('company_id', '=', companyId).executeTakeFirstOrThrow();
    expect(await uploadedFiles(ctx)).toContain(stored_name);
    await cleanupUploads(ctx.deps);
    expect(await uploadedFiles(ctx)).toContain(stored_name);
    const orphan = path.join(ctx.config.uploadDir, 'ab'.repeat(16));
    await writeFile(orphan, 'orphan');
    await utimes(orphan, new Date(0), new Date(0));
    expect(await cleanupUploads({ ...ctx.deps, now: () => new Date(Date.now() + 25 * 3600_000) })).toBeGreaterThanOrEqual(2);
    expect(await uploadedFiles(ctx)).toEqual([]);
    expect((await progressOf(user.token, preview.uploadId)).status).toBe('expired');
    const res = await request(app).post(`/api/customers/uploads/${preview.uploadId}/import`).set(bearer(user.token)).send({ mapping: { 이름: 'name', 휴대폰: 'phone' }, consent: 'all_refused' });
    expect(res.status).toBe(409);
  });
});

