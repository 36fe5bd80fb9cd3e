import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AddressBookFileResult } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { dispatchRun } from '../campaigns/dispatch.service.js';
import { CALLBACK, queueRows, runOf, seedLineGroups, setupCompany } from '../campaigns/campaigns.test-helpers.js';

let ctx: TestContext;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const SYS = { type: 'system' as const, id: null };

beforeAll(async () => {
  ctx = await createTestContext({ env: { UPLOAD_DIR: await mkdtemp(path.join(tmpdir(), 'hj-books-')) } });
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

async function createBook(token: string, shared = false): Promise<string> {
  return (await request(ctx.app).post('/api/address-books').set(bearer(token)).send({ name: '단골 고객', shared }).expect(201)).body.id as string;
}

describe('address books', () => {
  it('normalises entries, reports invalid ones and merges duplicates (also with what is stored)', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const id = await createBook(user.token);
    const first = await request(ctx.app).post(`/api/address-books/${id}/entries`).set(bearer(user.token)).send({
      entries: [
        { phone: '010-1234-0001', name: '김하나' },
        { phone: '+82 10 1234 0002', name: '박둘', etc1: 'VIP' },
        { phone: '10-1234-0001', etc2: '강남점' },
        { phone: '02-123-4567', name: '유선' },
        { phone: 'abc' },
      ],
    }).expect(200);
    expect(first.body).toEqual({
      saved: 2, added: 2, updated: 0, duplicatesInInput: 1, invalid: [{ line: 4, value: '02-123-4567' }, { line: 5, value: 'abc' }],
    });
    const second = await request(ctx.app).post(`/api/address-books/${id}/entries`).set(bearer(user.token))
      .send({ entries: [{ phone: '01012340002', name: '박둘둘' }, { phone: '01012340003' }] }).expect(200);
    expect(second.body).toMatchObject({ saved: 2, added: 1, updated: 1 });

    const page1 = await request(ctx.app).get(`/api/address-books/${id}/entries?pageSize=2`).set(bearer(user.token)).expect(200);
    expect(page1.body).toEqual({
      total: 3, page: 1, pageSize: 2,
      items: [
        { phone: '01012340001', name: '김하나', etc1: null, etc2: '강남점', etc3: null },
        { phone: '01012340002', name: '박둘둘', etc1: 'VIP', etc2: null, etc3: null },
      ],
    });
    const page2 = await request(ctx.app).get(`/api/address-books/${id}/entries?page=2&pageSize=2`).set(bearer(user.token)).expect(200);
    expect(page2.body.items.map((e: { phone: string }) => e.phone)).toEqual(['01012340003']);

    await request(ctx.app).delete(`/api/address-books/${id}/entries/010-1234-0003`).set(bearer(user.token)).expect(204);
    await request(ctx.app).delete(`/api/address-books/${id}/entries/01012340003`).set(bearer(user.token)).expect(404);
    const list = await request(ctx.app).get('/api/address-books').set(bearer(user.token)).expect(200);
    expect(list.body.items).toMatchObject([{ id, name: '단골 고객', shared: false, entryCount: 2 }]);
  });

  it('personal books are hidden from others; shared ones change only by their creator or an admin', async () => {
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    const other = await signInUser(ctx, companyId, 'user');
    const personal = await createBook(user.token);
    const shared = await createBook(user.token, true);
    const seen = (await request(ctx.app).get('/api/address-books').set(bearer(other.token)).expect(200)).body.items.map((b: { id: string }) => b.id);
    expect(seen).toEqual([shared]);
    await request(ctx.app).get(`/api/address-books/${personal}/entries`).set(bearer(other.token)).expect(404);
    await request(ctx.app).get(`/api/address-books/${shared}/entries`).set(bearer(other.token)).expect(200);
    await request(ctx.app).post(`/api/address-books/${shared}/entries`).set(bearer(other.token)).send({ entries: [{ phone: '01012345678' }] }).expect(403);
    await request(ctx.app).delete(`/api/address-books/${shared}`).set(bearer(other.token)).expect(403);
    await request(ctx.app).delete(`/api/address-books/${personal}`).set(bearer(admin.token)).expect(404);
    await request(ctx.app).post(`/api/address-books/${shared}/entries`).set(bearer(admin.token)).send({ entries: [{ phone: '01012345678' }] }).expect(200);
    await request(ctx.app).delete(`/api/address-books/${shared}`).set(bearer(admin.token)).expect(204);
    expect(await ctx.deps.db.selectFrom('address_book_entries').select('phone').where('company_id', '=', companyId).execute()).toEqual([]);
  });

  it('direct send from an address book: opted-out phone excluded, 이름 and 기타1 merged', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const other = await signInUser(ctx, companyId, 'user');
    const id = await createBook(user.token);
    await request(ctx.app).post(`/api/address-books/${id}/entries`).set(bearer(user.token)).send({
      entries: [{ phone: '01088880001', name: '김하나', etc1: '강남점' }, { phone: '01088880002', name: '박둘', etc1: '홍대점' }, { phone: '01088880003', name: '이셋' }],
    }).expect(200);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01088880002'], 'manual');
    const send = { addressBookId: id, messageType: 'SMS', body: '%이름%님 %기타1% 안내', isAd: false, callback: { mode: 'fixed', number: CALLBACK } };

    await request(ctx.app).post('/api/direct-sends').set(bearer(other.token)).set('Idempotency-Key', 'book-key-0').send(send).expect(404);
    const mixed = await request(ctx.app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', 'book-key-x')
      .send({ ...send, text: '01099990000' }).expect(400);
    expect(mixed.body.error.message).toMatch(/주소록/);

    const res = await request(ctx.app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', 'book-key-1').send(send).expect(202);
    expect(res.body).toMatchObject({ accepted: 3, invalid: [], duplicatesInInput: 0 });
    await dispatchRun(ctx.deps, companyId, res.body.campaign.run.id);
    const rows = await queueRows(ctx, res.body.campaign.run.id);
    expect(rows.map((r) => [r['dest_no'], r['msg_contents']]).sort()).toEqual([
      ['01088880001', '김하나님 강남점 안내'], ['01088880003', '이셋님  안내'],
    ]);
    expect(await runOf(ctx, companyId, res.body.campaign.id)).toMatchObject({ excluded_opt_out: 1, total: 2 });
  });
});

const uploadTo = (token: string, bookId: string, body: Buffer, filename: string) =>
  request(ctx.app).post(`/api/address-books/${bookId}/entries/file`).set(bearer(token)).attach('file', body, { filename });
const storedFiles = async () => readdir(ctx.config.uploadDir).catch(() => [] as string[]);
const entriesOf = (companyId: string, bookId: string) => ctx.deps.db.selectFrom('address_book_entries')
  .select(['phone', 'name', 'etc1', 'etc2', 'etc3']).where('company_id', '=', companyId).where('book_id', '=', bookId).orderBy('phone').execute();
const auditActions = async (companyId: string) => (await ctx.deps.db.selectFrom('audit_logs').select(['action', 'target_id', 'details'])
  .where('company_id', '=', companyId).where('action', 'like', 'address_book.%').orderBy('id').execute());

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('주소록');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('address book file upload', () => {
  it('adds a CP949 CSV with Korean headers: counts, invalid and repeated lines by line number, merge with stored entries', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const id = await createBook(user.token);
    await request(ctx.app).post(`/api/address-books/${id}/entries`).set(bearer(user.token))
      .send({ entries: [{ phone: '01061000001', name: '옛이름', etc3: '보존' }] }).expect(200);
    const csv = ['성명,휴대폰,기타1,기타2,회신번호', '김하나,010-6100-0001,강남점,,0215881234', '박둘,01061000002,,VIP,', '잘못,02-123-4567,,,',
      '', '박둘,010 6100 0002,홍대점,,', ',,메모만,,'].join('\r\n');
    const res = await uploadTo(user.token, id, iconv.encode(csv, 'cp949'), '주소록.csv').expect(200);
    expect(AddressBookFileResult.parse(res.body)).toEqual({
      originalName: '주소록.csv', fileType: 'csv', encoding: 'cp949', hasHeader: true, totalRows: 5,
      columns: { phone: '휴대폰', 이름: '성명', 기타1: '기타1', 기타2: '기타2', 기타3: null, 회신번호: '회신번호' },
      saved: 2, added: 1, updated: 1,
      invalid: [{ line: 4, value: '02-123-4567' }, { line: 7, value: '' }],
      duplicates: [{ line: 6, phone: '01061000002', firstLine: 3 }],
      duplicatesInInput: 1,
    });
    expect(await entriesOf(companyId, id)).toEqual([
      { phone: '01061000001', name: '김하나', etc1: '강남점', etc2: null, etc3: '보존' },
      { phone: '01061000002', name: '박둘', etc1: '홍대점', etc2: 'VIP', etc3: null },
    ]);
    expect(await storedFiles()).toEqual([]);
  });

  it('adds an .xlsx and a headerless .txt', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const id = await createBook(user.token);
    const xlsx = await xlsxOf([['이름', '전화번호', '기타3'], ['최넷', 1062000004, '메모'], ['Lee', '010-6200-0005', null]]);
    expect((await uploadTo(user.token, id, xlsx, 'book.xlsx').expect(200)).body).toMatchObject({ fileType: 'xlsx', saved: 2, added: 2, invalid: [] });
    const txt = await uploadTo(user.token, id, Buffer.from('01062000005\n01062000006\nabc\n'), 'more.txt').expect(200);
    expect(txt.body).toMatchObject({ fileType: 'txt', hasHeader: false, saved: 2, added: 1, updated: 1, invalid: [{ line: 3, value: 'abc' }] });
    expect((await entriesOf(companyId, id)).map((e) => [e.phone, e.name, e.etc3])).toEqual([
      ['01062000004', '최넷', '메모'], ['01062000005', 'Lee', null], ['01062000006', null, null],
    ]);
  });

  it('uploads into a book, then a direct send from it excludes opt-outs and merges 이름', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const id = await createBook(user.token);
    const xlsx = await xlsxOf([['휴대폰', '이름'], ['01063000001', '김하나'], ['01063000002', '박둘'], ['01063000003', '이셋']]);
    await uploadTo(user.token, id, xlsx, 'book.xlsx').expect(200);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01063000003'], 'manual');
    const res = await request(ctx.app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', 'book-file-1').send({
      addressBookId: id, messageType: 'SMS', body: '%이름%님 안내', isAd: false, callback: { mode: 'fixed', number: CALLBACK },
    }).expect(202);
    await dispatchRun(ctx.deps, companyId, res.body.campaign.run.id);
    const rows = await queueRows(ctx, res.body.campaign.run.id);
    expect(rows.map((r) => [r['dest_no'], r['msg_contents']]).sort()).toEqual([['01063000001', '김하나님 안내'], ['01063000002', '박둘님 안내']]);
    expect(await runOf(ctx, companyId, res.body.campaign.id)).toMatchObject({ excluded_opt_out: 1, total: 2 });
  });

  it("another company's user gets 404, a colleague 404 on a personal book and 403 on a shared one; nothing written", async () => {
    const owner = await createCompanyWithUsers(ctx);
    const stranger = await createCompanyWithUsers(ctx);
    const colleague = await signInUser(ctx, owner.companyId, 'user');
    const personal = await createBook(owner.user.token);
    const shared = await createBook(owner.user.token, true);
    const file = Buffer.from('휴대폰\n01064000001\n');
    await uploadTo(stranger.user.token, personal, file, 'x.csv').expect(404);
    await uploadTo(stranger.admin.token, shared, file, 'x.csv').expect(404);
    await uploadTo(colleague.token, personal, file, 'x.csv').expect(404);
    await uploadTo(colleague.token, shared, file, 'x.csv').expect(403);
    expect(await entriesOf(owner.companyId, personal)).toEqual([]);
    expect(await entriesOf(owner.companyId, shared)).toEqual([]);
    expect((await auditActions(owner.companyId)).map((a) => a.action)).not.toContain('address_book.entries.upload');
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses oversize, empty and phone-less files in Korean; the book and the audit log stay as they were', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const id = await createBook(user.token);
    await request(ctx.app).post(`/api/address-books/${id}/entries`).set(bearer(user.token)).send({ entries: [{ phone: '01065000001', name: '원래' }] }).expect(200);
    const before = await auditActions(companyId);
    const refuse = async (body: Buffer, filename: string, status: number, message: RegExp) => {
      const res = await uploadTo(user.token, id, body, filename).expect(status);
      expect(res.body.error.message, filename).toMatch(message);
    };
    await refuse(Buffer.alloc(10 * 1024 * 1024 + 1, '01065000002\n'), 'big.csv', 413, /10MB 이하/);
    await refuse(Buffer.alloc(0), 'empty.csv', 400, /빈 파일/);
    await refuse(Buffer.from('휴대폰번호,이름\n'), 'header.csv', 400, /수신자가 없습니다/);
    await refuse(iconv.encode('이름,메모\n김하나,01065000003\n', 'cp949'), 'no-phone.csv', 400, /휴대폰 번호 열을 찾을 수 없습니다/);
    await refuse(Buffer.from('휴대폰\n02-123-4567\n'), 'landline.csv', 400, /저장할 수 있는 휴대폰 번호가 없습니다/);
    await refuse(Buffer.from('01065000004'), 'list.hwp', 415, /CSV\(\.csv\), 텍스트\(\.txt\), 엑셀/);
    expect(await entriesOf(companyId, id)).toEqual([{ phone: '01065000001', name: '원래', etc1: null, etc2: null, etc3: null }]);
    expect(await auditActions(companyId)).toEqual(before);
    expect(await storedFiles()).toEqual([]);
  });

  it('audits book creation, entry changes, uploads and deletion', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const id = await createBook(user.token, true);
    await request(ctx.app).post(`/api/address-books/${id}/entries`).set(bearer(user.token))
      .send({ entries: [{ phone: '01066000001' }, { phone: 'x' }] }).expect(200);
    await uploadTo(user.token, id, Buffer.from('휴대폰,이름\n01066000002,둘\n01066000001,하나\n'), 'a.csv').expect(200);
    await request(ctx.app).delete(`/api/address-books/${id}/entries/01066000002`).set(bearer(user.token)).expect(204);
    await request(ctx.app).delete(`/api/address-books/${id}`).set(bearer(user.token)).expect(204);
    const rows = await auditActions(companyId);
    expect(rows.map((r) => [r.action, r.target_id])).toEqual([
      ['address_book.create', id], ['address_book.entries.add', id], ['address_book.entries.upload', id],
      ['address_book.entry.delete', id], ['address_book.delete', id],
    ]);
    expect(rows.map((r) => r.details)).toEqual([
      { name: '단골 고객', shared: true },
      { saved: 1, added: 1, updated: 0, invalid: 1, duplicatesInInput: 0 },
      { originalName: 'a.csv', fileType: 'csv', rows: 2, saved: 2, added: 1, updated: 1, invalid: 0, duplicatesInInput: 0 },
      { phone: '01066000002' },
      { name: '단골 고객', shared: true, entries: 1 },
    ]);
  });
});
