import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import XLSX from 'xlsx';
import { DirectRecipientsFileResult } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { signInSuperAdmin } from '../../../test/auth-helpers.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { dispatchRun } from '../campaigns/dispatch.service.js';
import { CALLBACK, bearer, queueRows, runOf, seedLineGroups, setupCompany } from '../campaigns/campaigns.test-helpers.js';

let ctx: TestContext;
const SYS = { type: 'system' as const, id: null };
const URL = '/api/direct-sends/recipients-file';

beforeAll(async () => {
  ctx = await createTestContext({ env: { UPLOAD_DIR: await mkdtemp(path.join(tmpdir(), 'hj-direct-')) } });
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const upload = (token: string, body: Buffer, filename: string) =>
  request(ctx.app).post(URL).set(bearer(token)).attach('file', body, { filename });
const storedFiles = async () => readdir(ctx.config.uploadDir).catch(() => [] as string[]);
const campaignCount = async (companyId: string) =>
  (await ctx.deps.db.selectFrom('campaigns').select('id').where('company_id', '=', companyId).execute()).length;

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('수신자');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('direct-send recipients file', () => {
  it('reads a CP949 CSV with Korean headers: line numbers of invalid and repeated lines, values by header', async () => {
    const { user } = await setupCompany(ctx);
    const csv = [
      '고객명,메모,휴대폰번호,기타1,회신번호',
      '김하나,x,010-7000-0001,강남점,02-1588-1234',
      '박둘,,+82 10 7000 0002,,',
      '',
      '유선,,02-123-4567,,',
      '김하나2,,01070000001,홍대점,',
      '없음,,,,',
      '이셋,,1070000003,"서초점, 2층",',
    ].join('\r\n');
    const res = await upload(user.token, iconv.encode(csv, 'cp949'), '수신자.csv').expect(200);
    const body = DirectRecipientsFileResult.parse(res.body);
    expect(body).toEqual({
      originalName: '수신자.csv', fileType: 'csv', encoding: 'cp949', hasHeader: true, totalRows: 6,
      columns: { phone: '휴대폰번호', 이름: '고객명', 기타1: '기타1', 기타2: null, 기타3: null, 회신번호: '회신번호' },
      recipients: [
        { phone: '01070000001', 이름: '김하나', 기타1: '강남점', 회신번호: '02-1588-1234' },
        { phone: '01070000002', 이름: '박둘' },
        { phone: '01070000003', 이름: '이셋', 기타1: '서초점, 2층' },
      ],
      invalid: [{ line: 5, value: '02-123-4567' }, { line: 7, value: '' }],
      duplicates: [{ line: 6, phone: '01070000001', firstLine: 2 }],
      duplicatesInInput: 1,
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('reads an .xlsx with English headers and numeric phones (the dropped leading 0 restored)', async () => {
    const { user } = await setupCompany(ctx);
    const file = await xlsxOf([
      ['No', 'Name', 'Mobile', 'etc2', 'etc3'],
      [1, '최넷', 1071000004, '골드', 'A'],
      [2, 'Lee', '010-7100-0005', null, null],
      [3, '중복', 1071000004, null, null],
      [4, '잘못', 'not a phone', null, null],
    ]);
    const res = await upload(user.token, file, 'list.xlsx').expect(200);
    expect(DirectRecipientsFileResult.parse(res.body)).toMatchObject({
      fileType: 'xlsx', encoding: null, hasHeader: true, totalRows: 4,
      columns: { phone: 'Mobile', 이름: 'Name', 기타1: null, 기타2: 'etc2', 기타3: 'etc3', 회신번호: null },
      recipients: [{ phone: '01071000004', 이름: '최넷', 기타2: '골드', 기타3: 'A' }, { phone: '01071000005', 이름: 'Lee' }],
      invalid: [{ line: 5, value: 'not a phone' }],
      duplicates: [{ line: 4, phone: '01071000004', firstLine: 2 }],
      duplicatesInInput: 1,
    });
  });

  it('reads a headerless UTF-8 .txt, one number per line (then 이름 in the second column)', async () => {
    const { user } = await setupCompany(ctx);
    const txt = '\ufeff010-7200-0001\n\n01072000002,한둘\n0107200000\n010 7200 0001\n';
    const res = await upload(user.token, Buffer.from(txt, 'utf8'), 'numbers.TXT').expect(200);
    expect(DirectRecipientsFileResult.parse(res.body)).toMatchObject({
      fileType: 'txt', encoding: 'utf-8', hasHeader: false, totalRows: 4,
      columns: { phone: '열1', 이름: '열2', 기타1: '열3', 회신번호: '열6' },
      recipients: [{ phone: '01072000001' }, { phone: '01072000002', 이름: '한둘' }],
      invalid: [{ line: 4, value: '0107200000' }],
      duplicates: [{ line: 5, phone: '01072000001', firstLine: 1 }],
    });
  });

  it('reads a legacy .xls (first sheet, in the worker thread)', async () => {
    const { user } = await setupCompany(ctx);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['핸드폰', '이름'], [1073000001, '엑셀'], ['010-7300-0002', null]]), '명단');
    const res = await upload(user.token, XLSX.write(wb, { bookType: 'xls', type: 'buffer' }) as Buffer, 'old.xls').expect(200);
    expect(res.body).toMatchObject({ fileType: 'xls', recipients: [{ phone: '01073000001', 이름: '엑셀' }, { phone: '01073000002' }], invalid: [] });
  });

  it('a direct send with the uploaded list excludes opt-outs and merges 이름', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01074000002'], 'manual');
    const file = await xlsxOf([['이름', '휴대폰'], ['김하나', '010-7400-0001'], ['박둘', '010-7400-0002'], ['이셋', 1074000003]]);
    const parsed = (await upload(user.token, file, 'send.xlsx').expect(200)).body as DirectRecipientsFileResult;
    const res = await request(ctx.app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', 'upload-send-1').send({
      recipients: parsed.recipients, messageType: 'SMS', body: '%이름%님 안내', isAd: false, callback: { mode: 'fixed', number: CALLBACK },
    }).expect(202);
    expect(res.body).toMatchObject({ accepted: 3, invalid: [], duplicatesInInput: 0 });
    await dispatchRun(ctx.deps, companyId, res.body.campaign.run.id);
    const rows = await queueRows(ctx, res.body.campaign.run.id);
    expect(rows.map((r) => [r['dest_no'], r['msg_contents']]).sort()).toEqual([
      ['01074000001', '김하나님 안내'], ['01074000003', '이셋님 안내'],
    ]);
    expect(await runOf(ctx, companyId, res.body.campaign.id)).toMatchObject({ excluded_opt_out: 1, total: 2 });
  });

  it('refuses empty, phone-less, mistyped, oversize and all-invalid files in Korean, storing nothing', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const refuse = async (body: Buffer, filename: string, status: number, message: RegExp) => {
      const res = await upload(user.token, body, filename).expect(status);
      expect(res.body.error.message, filename).toMatch(message);
    };
    await refuse(Buffer.alloc(0), 'empty.csv', 400, /빈 파일/);
    await refuse(Buffer.from('휴대폰,이름\r\n\r\n'), 'header-only.csv', 400, /수신자가 없습니다/);
    await refuse(Buffer.from('\n\n'), 'blank.txt', 400, /수신자가 없습니다/);
    await refuse(iconv.encode('이름,메모\r\n김하나,010-1234-5678\r\n', 'cp949'), 'no-phone.csv', 400, /휴대폰 번호 열을 찾을 수 없습니다/);
    await refuse(Buffer.from('기타1,기타2\n01012345678,x\n'), 'no-phone2.csv', 400, /휴대폰 번호 열을 찾을 수 없습니다/);
    await refuse(Buffer.from('%PDF-1.4'), 'list.pdf', 415, /CSV\(\.csv\), 텍스트\(\.txt\), 엑셀/);
    await refuse(Buffer.from('휴대폰\n01012345678\n'), 'renamed.xlsx', 415, /확장자와 내용이 일치하지 않습니다/);
    await refuse(Buffer.from('휴대폰\nabc\n02-123-4567\n'), 'bad.csv', 400, /보낼 수 있는 휴대폰 번호가 없습니다/);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, '01012345678\n');
    await refuse(big, 'big.txt', 413, /10MB 이하/);
    const tooMany = Buffer.from(Array.from({ length: 50_001 }, (_, i) => `010${String(75_000_000 + i)}`).join('\n'));
    await refuse(tooMany, 'many.txt', 400, /50,000명까지/);
    expect(await storedFiles()).toEqual([]);
    expect(await campaignCount(companyId)).toBe(0);
  });

  it('is for company users only and needs a file part', async () => {
    const { user } = await setupCompany(ctx);
    const sa = await signInSuperAdmin(ctx);
    await upload(sa.token, Buffer.from('01012345678\n'), 'a.txt').expect(403);
    await request(ctx.app).post(URL).attach('file', Buffer.from('01012345678\n'), { filename: 'a.txt' }).expect(401);
    const missing = await request(ctx.app).post(URL).set(bearer(user.token)).field('x', '1').expect(400);
    expect(missing.body.error.message).toMatch(/'file' 항목/);
  });
});
