import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { dispatchRun } from './dispatch.service.js';
import { sendCampaign } from './send.service.js';
import { CALLBACK, bearer, buildCampaignApp, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany, smsBody } from './campaigns.test-helpers.js';

let ctx: TestContext;
let app: Express;
const SYS = { type: 'system' as const, id: null };
let n080 = 0;
const unique080 = () => `080${String(Date.now() % 1e4).padStart(4, '0')}${String(++n080).padStart(3, '0')}`;

beforeAll(async () => {
  ctx = await createTestContext();
  app = buildCampaignApp(ctx);
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const counts = async (companyId: string) => ({
  campaigns: (await ctx.deps.db.selectFrom('campaigns').select('id').where('company_id', '=', companyId).execute()).length,
  runs: (await ctx.deps.db.selectFrom('campaign_runs').select('id').where('company_id', '=', companyId).execute()).length,
});

describe('refusals write nothing', () => {
  const night = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 3, 12, 30)).toISOString(); // 21:30 KST
  const cases: Array<[string, Record<string, unknown>, RegExp, { no080?: boolean }?]> = [
    ['an ad without an 080 number', { isAd: true }, /080/, { no080: true }],
    ['an ad scheduled at 21:30 KST', { isAd: true, scheduledAt: night }, /광고 문자는/],
    ['an MMS without an image', { messageType: 'MMS', subject: '제목' }, /이미지/],
    ['an unregistered callback number', { callback: { mode: 'fixed', number: '0311234567' } }, /등록되지 않은 회신번호/],
    ['an LMS without a subject', { messageType: 'LMS' }, /제목/],
    ['a non-CP949 character', { body: '봄 세일 ✈ 안내' }, /보낼 수 없는 글자/],
    ['a schedule in the past', { scheduledAt: '2020-01-01T03:00:00Z' }, /지났습니다/],
    ['a schedule more than a year ahead', { scheduledAt: '2099-01-01T03:00:00Z' }, /1년/],
    ['an empty target filter', { targetFilter: {} }, /./],
  ];
  for (const [what, over, message, opts] of cases) {
    it(`refuses ${what} with 400`, async () => {
      const { companyId, user } = await setupCompany(ctx, opts?.no080 ? {} : { company: { opt_out_080_number: unique080() } });
      const res = await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody(over)).expect(400);
      expect(res.body.error.message).toMatch(message);
      expect(await counts(companyId)).toEqual({ campaigns: 0, runs: 0 });
    });
  }

  it('refuses a send without an Idempotency-Key and an ad "send now" at night', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: unique080() } });
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody({ isAd: true })).expect(201)).body.id;
    await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).send({}).expect(400);
    // the service with a pinned clock (a session would expire if the HTTP clock jumped ahead)
    const atNight = { ...ctx.deps, now: () => new Date(night) };
    const scope = { companyId, storeCodes: null, userId: user.id, role: 'company_user' as const };
    const err = await sendCampaign(atNight, scope, { type: 'user', id: user.id }, id, { scheduledAt: null, idempotencyKey: 'night-key-1' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, details: { reason: 'ad_send_window' } });
    expect(await counts(companyId)).toEqual({ campaigns: 1, runs: 0 });
  });
});

describe('every path excludes opt-outs and duplicates', () => {
  it('direct send: pasted text, invalid lines reported, opt-outs and duplicates removed, variables merged', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01077770002'], 'manual');
    const text = ['010-7777-0001,김하나', '01077770002,박둘', '1077770001,중복', 'abc', '+82 10 7777 0003,이셋'].join('\n');
    const res = await request(app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', 'direct-key-1')
      .send({ text, messageType: 'SMS', body: '%이름%님 안녕하세요', isAd: false, callback: { mode: 'fixed', number: CALLBACK } }).expect(202);
    expect(res.body).toMatchObject({ accepted: 4, duplicatesInInput: 1, invalid: [{ line: 4, value: 'abc' }] });
    const again = await request(app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', 'direct-key-1')
      .send({ text, messageType: 'SMS', body: '%이름%님 안녕하세요', isAd: false, callback: { mode: 'fixed', number: CALLBACK } }).expect(202);
    expect(again.body.campaign.id).toBe(res.body.campaign.id);
    await dispatchRun(ctx.deps, companyId, res.body.campaign.run.id);
    const rows = await queueRows(ctx, res.body.campaign.run.id);
    expect(rows.map((r) => [r['dest_no'], r['msg_contents']]).sort()).toEqual([
      ['01077770001', '김하나님 안녕하세요'], ['01077770003', '이셋님 안녕하세요'],
    ]);
    expect(await runOf(ctx, companyId, res.body.campaign.id)).toMatchObject({ excluded_opt_out: 1, excluded_duplicate: 1, total: 2 });
  });

  it('test send: test contacts on the test line, opted-out contacts excluded, billed like a send', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '100' } });
    await insertCustomers(ctx, companyId, 3, '9');
    for (const phone of ['01066660001', '01066660002']) {
      await request(app).post('/api/test-contacts').set(bearer(user.token)).send({ name: '테스터', phone }).expect(201);
    }
    await addOptOuts(ctx.deps.db, SYS, companyId, ['01066660002'], 'manual');
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody()).expect(201)).body.id;
    const res = await request(app).post(`/api/campaigns/${id}/test-send`).set(bearer(user.token)).send({}).expect(201);
    expect(res.body).toMatchObject({ total: 1, excludedOptOut: 1, status: 'sending' });
    const rows = await queueRows(ctx, res.body.runId, ['SMSQ_SEND_10']);
    expect(rows.map((r) => r['dest_no'])).toEqual(['01066660001']);
    expect(String(rows[0]?.['msg_contents'])).toMatch(/^고객\d+님 봄 세일 안내$/);
    const company = await ctx.deps.db.selectFrom('companies').select('balance').where('id', '=', companyId).executeTakeFirstOrThrow();
    expect(company.balance).toBe('90.00');
    expect((await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token))).body.status).toBe('draft');
  });

  it('split send: N per minute, later batches wait for their minute', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 25, '15');
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody({ splitPerMinute: 10 })).expect(201)).body.id;
    const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'split-key-1').send({}).expect(202);
    const runId = sent.body.run.id as string;
    const t0 = Date.now();
    const first = await dispatchRun(ctx.deps, companyId, runId);
    expect(first).toMatchObject({ kind: 'wait', reason: 'split' });
    expect(await queueRows(ctx, runId)).toHaveLength(10);
    const now = ctx.deps.now;
    try {
      ctx.deps.now = () => new Date(t0 + 61_000);
      await dispatchRun(ctx.deps, companyId, runId);
      expect(await queueRows(ctx, runId)).toHaveLength(20);
      ctx.deps.now = () => new Date(t0 + 121_000);
      expect(await dispatchRun(ctx.deps, companyId, runId)).toEqual({ kind: 'done' });
    } finally {
      ctx.deps.now = now;
    }
    const rows = await queueRows(ctx, runId);
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r['dest_no'])).size).toBe(25);
  });
});
