import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { dispatchRun } from '../campaigns/dispatch.service.js';
import { CALLBACK, queueRows, runOf, seedLineGroups, setupCompany } from '../campaigns/campaigns.test-helpers.js';

let ctx: TestContext;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const SYS = { type: 'system' as const, id: null };

beforeAll(async () => {
  ctx = await createTestContext();
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
