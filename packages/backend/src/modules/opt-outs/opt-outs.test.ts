import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import iconv from 'iconv-lite';
import { AddOptOutResult, CheckOptOutsResult, OptOutList, OptOutUploadResult } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin, signInUser } from '../../../test/auth-helpers.js';
import { addOptOuts } from './opt-outs.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const SYS = { type: 'system' as const, id: null };
const listed = async (companyId: string) =>
  (await ctx.deps.db.selectFrom('opt_outs').select(['phone', 'source', 'store_code']).where('company_id', '=', companyId).orderBy('phone').execute());
const auditOf = (companyId: string, action: string) =>
  ctx.deps.db.selectFrom('audit_logs').select(['details', 'actor_id', 'target_id']).where('company_id', '=', companyId).where('action', '=', action).execute();

describe('add, list, search, check', () => {
  it('adds a normalised number (201), answers an already listed one with 200 alreadyListed, and refuses an invalid one with 400', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const first = await request(ctx.app).post('/api/opt-outs').set(bearer(user.token)).send({ phone: '010-2000-0001', note: '전화 요청' }).expect(201);
    expect(AddOptOutResult.parse(first.body)).toMatchObject({ phone: '01020000001', alreadyListed: false, item: { source: 'manual', note: '전화 요청', createdBy: user.id, createdByName: '테스트 사용자' } });
    const again = await request(ctx.app).post('/api/opt-outs').set(bearer(user.token)).send({ phone: '+82 10 2000 0001' }).expect(200);
    expect(again.body).toMatchObject({ phone: '01020000001', alreadyListed: true, item: { source: 'manual', note: '전화 요청' } });
    await request(ctx.app).post('/api/opt-outs').set(bearer(user.token)).send({ phone: '02-123-4567' }).expect(400);
    await request(ctx.app).post('/api/opt-outs').set(bearer(user.token)).send({}).expect(400);
    expect(await listed(companyId)).toEqual([{ phone: '01020000001', source: 'manual', store_code: null }]);
  });

  it('lists newest first with paging, searches by the whole number or the last 4 digits, filters by source', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01030000001', '01030000002'], '080');
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01030001234', '01099991234'], 'upload');
    const get = (q: string) => request(ctx.app).get(`/api/opt-outs${q}`).set(bearer(user.token)).expect(200).then((r) => OptOutList.parse(r.body));
    const all = await get('?pageSize=3');
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(all.items).toHaveLength(3);
    expect((await get('?pageSize=3&page=2')).items).toHaveLength(1);
    expect((await get('?q=1234')).items.map((i) => i.phone).sort()).toEqual(['01030001234', '01099991234']);
    expect((await get('?q=010-3000-0002')).items.map((i) => i.phone)).toEqual(['01030000002']);
    expect((await get('?source=080')).items.map((i) => i.phone).sort()).toEqual(['01030000001', '01030000002']);
    await request(ctx.app).get('/api/opt-outs?q=홍길동').set(bearer(user.token)).expect(400);
    await request(ctx.app).get('/api/opt-outs?source=fax').set(bearer(user.token)).expect(400);
  });

  it('checks a list of phones company-wide and reports invalid inputs', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01040000001'], 'sync');
    const res = await request(ctx.app).post('/api/opt-outs/check').set(bearer(user.token))
      .send({ phones: ['010-4000-0001', '01040000002', 'abc', '01040000001'] }).expect(200);
    expect(CheckOptOutsResult.parse(res.body)).toEqual({ optedOut: ['01040000001'], invalid: ['abc'], checked: 4 });
    await request(ctx.app).post('/api/opt-outs/check').set(bearer(user.token)).send({ phones: [] }).expect(400);
  });
});

describe('upload', () => {
  const upload = (token: string, content: Buffer | string, name = 'list.csv') =>
    request(ctx.app).post('/api/opt-outs/upload').set(bearer(token)).attach('file', Buffer.from(content), name);

  it('counts added, duplicate and invalid lines (source upload), CP949 included', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01050000003'], '080');
    const text = ['휴대폰,이름', '010-5000-0001,김', '01050000002', '01050000001', '01050000003', '없음', '', '0105000'].join('\r\n');
    const res = await upload(user.token, iconv.encode(text, 'cp949')).expect(200);
    expect(OptOutUploadResult.parse(res.body)).toEqual({ total: 6, added: 2, duplicate: 2, invalid: 2, invalidLines: [6, 8] });
    expect(await listed(companyId)).toEqual([
      { phone: '01050000001', source: 'upload', store_code: null },
      { phone: '01050000002', source: 'upload', store_code: null },
      { phone: '01050000003', source: '080', store_code: null },
    ]);
  });

  it('refuses a file over 5 MB (413), a non-text file (415) and a request without a file (400)', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    const big = Buffer.from('01050000009\n'.repeat(Math.ceil((5 * 1024 * 1024 + 1) / 12)));
    await upload(user.token, big).expect(413);
    await upload(user.token, '01050000009', 'list.xlsx').expect(415);
    await upload(user.token, Buffer.from([0x30, 0x00, 0x31]), 'list.txt').expect(400);
    await request(ctx.app).post('/api/opt-outs/upload').set(bearer(user.token)).send({}).expect(400);
    expect(await listed(companyId)).toEqual([]);
  });
});

describe('delete', () => {
  it('deletes only on the customer\'s request with a reason, audited, and re-consents nobody', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await ctx.deps.db.insertInto('customers').values({ company_id: companyId, phone: '01060000001', name: '고객', sms_opt_in: false }).execute();
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01060000001'], 'customer');
    const del = (body: object) => request(ctx.app).delete('/api/opt-outs/010-6000-0001').set(bearer(user.token)).send(body);
    await del({ reason: '고객 요청' }).expect(400);
    await del({ reason: '고객 요청', customerRequested: false }).expect(400);
    await del({ customerRequested: true }).expect(400);
    await del({ reason: ' ', customerRequested: true }).expect(400);
    expect(await listed(companyId)).toHaveLength(1);
    expect((await del({ reason: '고객 본인 전화 요청', customerRequested: true }).expect(200)).body).toEqual({ phone: '01060000001', deleted: true });
    await del({ reason: '고객 본인 전화 요청', customerRequested: true }).expect(404);
    expect(await listed(companyId)).toEqual([]);
    expect(await auditOf(companyId, 'opt_out.deleted')).toMatchObject([
      { actor_id: user.id, target_id: '01060000001', details: { reason: '고객 본인 전화 요청', customerRequested: true, source: 'customer' } },
    ]);
    const customer = await ctx.deps.db.selectFrom('customers').select('sms_opt_in').where('company_id', '=', companyId).executeTakeFirstOrThrow();
    expect(customer.sms_opt_in).toBe(false);
    await request(ctx.app).delete('/api/opt-outs/not-a-phone').set(bearer(user.token)).send({ reason: '요청', customerRequested: true }).expect(400);
  });
});

describe('export', () => {
  it('writes a UTF-8 BOM CSV with formula-looking notes neutralised', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01070000002'], '080');
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01070000001'], 'manual', { note: '=HYPERLINK("x"),메모' });
    const res = await request(ctx.app).get('/api/opt-outs/export.csv').set(bearer(user.token)).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff전화번호,출처,매장코드,메모,등록일시(KST)\r\n')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^01070000001,직접 등록,,"'=HYPERLINK\(""x""\),메모",\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(lines[2]).toMatch(/^01070000002,080 수신거부,,,/);
  });
});

describe('stores, roles, tenants', () => {
  it('store-limited users manage entries of their stores only, while check and exclusion stay company-wide', async () => {
    const { companyId, user: manager } = await createCompanyWithUsers(ctx);
    const brand = await signInUser(ctx, companyId, 'user', { storeCodes: ['A1'] });
    const twoStores = await signInUser(ctx, companyId, 'user', { storeCodes: ['A1', 'B1'] });
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01080000009'], '080');
    const mine = await request(ctx.app).post('/api/opt-outs').set(bearer(brand.token)).send({ phone: '01080000001' }).expect(201);
    expect(mine.body.item.storeCode).toBe('A1');
    await request(ctx.app).post('/api/opt-outs').set(bearer(brand.token)).send({ phone: '01080000002', storeCode: 'B1' }).expect(403);
    await request(ctx.app).post('/api/opt-outs').set(bearer(twoStores.token)).send({ phone: '01080000002' }).expect(400);
    await request(ctx.app).post('/api/opt-outs').set(bearer(twoStores.token)).send({ phone: '01080000002', storeCode: 'B1' }).expect(201);
    const brandList = await request(ctx.app).get('/api/opt-outs').set(bearer(brand.token)).expect(200);
    expect(brandList.body.items.map((i: { phone: string }) => i.phone)).toEqual(['01080000001']);
    expect((await request(ctx.app).get('/api/opt-outs').set(bearer(manager.token)).expect(200)).body.total).toBe(3);
    const check = await request(ctx.app).post('/api/opt-outs/check').set(bearer(brand.token)).send({ phones: ['01080000009', '01080000002'] }).expect(200);
    expect(check.body.optedOut.sort()).toEqual(['01080000002', '01080000009']);
    await request(ctx.app).delete('/api/opt-outs/01080000009').set(bearer(brand.token)).send({ reason: '요청', customerRequested: true }).expect(404);
    await request(ctx.app).delete('/api/opt-outs/01080000001').set(bearer(brand.token)).send({ reason: '요청', customerRequested: true }).expect(200);
    expect((await listed(companyId)).map((r) => r.phone)).toEqual(['01080000002', '01080000009']);
  });

  it('keeps companies apart, refuses super admins on company paths and company users on admin paths', async () => {
    const a = await createCompanyWithUsers(ctx);
    const b = await createCompanyWithUsers(ctx);
    const sa = await signInSuperAdmin(ctx);
    await addOptOuts(ctx.deps.db, SYS, a.companyId, ['01090000001'], 'manual');
    expect((await request(ctx.app).get('/api/opt-outs').set(bearer(b.admin.token)).expect(200)).body.total).toBe(0);
    await request(ctx.app).delete('/api/opt-outs/01090000001').set(bearer(b.admin.token)).send({ reason: '요청', customerRequested: true }).expect(404);
    expect((await request(ctx.app).post('/api/opt-outs/check').set(bearer(b.user.token)).send({ phones: ['01090000001'] })).body.optedOut).toEqual([]);
    await request(ctx.app).get('/api/opt-outs').set(bearer(sa.token)).expect(403);
    await request(ctx.app).get('/api/opt-outs').expect(401);
    await request(ctx.app).get(`/api/admin/companies/${a.companyId}/opt-outs`).set(bearer(a.admin.token)).expect(403);
    expect(await listed(a.companyId)).toHaveLength(1);
  });

  it('lets a super admin list, add and delete in a named company; an unknown company is a 404', async () => {
    const { companyId } = await createCompanyWithUsers(ctx);
    const sa = await signInSuperAdmin(ctx);
    const base = `/api/admin/companies/${companyId}/opt-outs`;
    const added = await request(ctx.app).post(base).set(bearer(sa.token)).send({ phone: '01091000001', note: '고객센터 접수', storeCode: 'S9' }).expect(201);
    expect(added.body.item).toMatchObject({ source: 'manual', storeCode: 'S9', createdBy: sa.id });
    await request(ctx.app).post(base).set(bearer(sa.token)).send({ phone: '01091000001' }).expect(200);
    expect((await request(ctx.app).get(`${base}?q=0001`).set(bearer(sa.token)).expect(200)).body.total).toBe(1);
    await request(ctx.app).delete(`${base}/01091000001`).set(bearer(sa.token)).send({ reason: '본인 요청' }).expect(400);
    await request(ctx.app).delete(`${base}/01091000001`).set(bearer(sa.token)).send({ reason: '본인 요청', customerRequested: true }).expect(200);
    expect(await auditOf(companyId, 'opt_out.deleted')).toMatchObject([{ actor_id: sa.id }]);
    const unknown = '/api/admin/companies/00000000-0000-4000-8000-000000000000/opt-outs';
    await request(ctx.app).get(unknown).set(bearer(sa.token)).expect(404);
    await request(ctx.app).post(unknown).set(bearer(sa.token)).send({ phone: '01091000002' }).expect(404);
    await request(ctx.app).get('/api/admin/companies/nope/opt-outs').set(bearer(sa.token)).expect(400);
  });
});
