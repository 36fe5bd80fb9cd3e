import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { syncRunResults } from '../results/result-sync.service.js';
import { dispatchRun } from './dispatch.service.js';
import { claimScheduledCampaigns } from './schedule.service.js';
import {
  CALLBACK, bearer, buildCampaignApp, campaignCalls, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany,
} from './campaigns.test-helpers.js';

/**
 * The send-path lessons not covered elsewhere, end to end through the HTTP API: duplicate-prevention
 * days, individual callback numbers, idempotent send requests (lesson 3), one row per shared phone
 * (lesson 4), and exact opt-out arithmetic on the scheduled path (lesson 6) — the result job's lesson 16
 * is in campaigns.result-job.test.ts. Queue rows are read from MySQL.
 */

const DAY = 24 * 3_600_000;
const SYS = { type: 'system' as const, id: null };
const GOLD = { op: 'and', conditions: [{ field: 'grade', operator: 'eq', value: 'GOLD' }] };

let ctx: TestContext;
let app: Express;
const { nextKey, createCampaign, send, sendNow } = campaignCalls(() => ({ ctx, app }), 'lessons');

beforeAll(async () => {
  ctx = await createTestContext();
  app = buildCampaignApp(ctx);
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

async function runRows(companyId: string, campaignId: string) {
  return ctx.deps.db.selectFrom('campaign_runs').select(['id', 'idempotency_key']).where('company_id', '=', companyId)
    .where('campaign_id', '=', campaignId).execute();
}

const phonesOf = (rows: Array<Record<string, unknown>>) => rows.map((r) => String(r['dest_no'])).sort();

describe('duplicate-prevention days (KOREAN-MESSAGING-RULES §8)', () => {
  /**
   * A company with the setting; 2 GOLD customers got a campaign 2 days ago; then a campaign goes to
   * all 5 customers.
   */
  async function afterASendTwoDaysAgo(days: number, prefix: string) {
    const { companyId, user } = await setupCompany(ctx, { company: { duplicate_prevention_days: days } });
    const gold = await insertCustomers(ctx, companyId, 2, `${prefix}1`, { grade: 'GOLD' });
    const vip = await insertCustomers(ctx, companyId, 3, `${prefix}2`);
    const earlier = await sendNow(companyId, user.token, { name: '지난 캠페인', targetFilter: GOLD });
    expect(phonesOf(await queueRows(ctx, earlier.runId))).toEqual([...gold].sort());
    // the earlier run was requested, dispatched and sent two days ago
    await ctx.deps.db.updateTable('campaign_runs').where('company_id', '=', companyId).where('id', '=', earlier.runId)
      .set({ created_at: new Date(Date.now() - 2 * DAY), dispatch_started_at: new Date(Date.now() - 2 * DAY), dispatched_at: new Date(Date.now() - 2 * DAY) })
      .execute();
    const id = await createCampaign(user.token, { name: '이번 캠페인' });
    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    const sent = await send(user.token, id, nextKey('dup-days')).expect(202);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const view = await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token)).expect(200);
    return { gold, vip, preview: preview.body, rows: await queueRows(ctx, sent.body.run.id), view: view.body };
  }

  it('a direct send holds the same phones back, and its preview counts them like the send did', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { duplicate_prevention_days: 3 } });
    const gold = await insertCustomers(ctx, companyId, 2, '361', { grade: 'GOLD' });
    await sendNow(companyId, user.token, { name: '어제 캠페인', targetFilter: GOLD });
    const text = [...gold, '01036200001', '01036200002'].join('\n');
    const res = await request(app).post('/api/direct-sends').set(bearer(user.token)).set('Idempotency-Key', nextKey('direct-dup'))
      .send({ text, messageType: 'SMS', body: '안내드립니다', isAd: false, callback: { mode: 'fixed', number: CALLBACK } }).expect(202);
    const direct = res.body.campaign;
    await dispatchRun(ctx.deps, companyId, direct.run.id);
    expect(phonesOf(await queueRows(ctx, direct.run.id))).toEqual(['01036200001', '01036200002']);
    expect(await runOf(ctx, companyId, direct.id)).toMatchObject({ excluded_frequency: 2, total: 2 });
    const preview = await request(app).post(`/api/campaigns/${direct.id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ matched: 4, excludedFrequency: 2, final: 2 });
  });

  it('with 3 days, a phone sent to 2 days ago is excluded and counted in the preview and the run', async () => {
    const { vip, preview, rows, view } = await afterASendTwoDaysAgo(3, '31');
    expect(phonesOf(rows)).toEqual([...vip].sort());
    expect(preview.target).toMatchObject({ matched: 5, excludedFrequency: 2, final: 3 });
    expect(preview.estimatedCost).toBe('30.00');
    expect(view.run.counts).toMatchObject({ matched: 5, excludedFrequency: 2, total: 3, queued: 3 });
  });

  it('with 1 day, the same phone is included again', async () => {
    const { gold, vip, preview, rows, view } = await afterASendTwoDaysAgo(1, '32');
    expect(phonesOf(rows)).toEqual([...gold, ...vip].sort());
    expect(preview.target).toMatchObject({ matched: 5, excludedFrequency: 0, final: 5 });
    expect(view.run.counts).toMatchObject({ excludedFrequency: 0, total: 5, queued: 5 });
  });

  // "recent" is judged by when the earlier campaign went out, not when it was requested
  it('a send scheduled long ago but delivered 2 days ago holds the phone back (3 days)', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { duplicate_prevention_days: 3 } });
    await insertCustomers(ctx, companyId, 2, '35');
    const earlier = await sendNow(companyId, user.token, { name: '10일 전 예약, 2일 전 발송' });
    await ctx.deps.db.updateTable('campaign_runs').where('company_id', '=', companyId).where('id', '=', earlier.runId)
      .set({ created_at: new Date(Date.now() - 10 * DAY), dispatch_started_at: new Date(Date.now() - 2 * DAY), dispatched_at: new Date(Date.now() - 2 * DAY) })
      .execute();
    const again = await sendNow(companyId, user.token, { name: '이번 캠페인' });
    expect(await runOf(ctx, companyId, again.id)).toMatchObject({ excluded_frequency: 2, total: 0 });
  });

  it('without the setting nobody is held back', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const phones = await insertCustomers(ctx, companyId, 3, '33');
    await sendNow(companyId, user.token);
    const again = await sendNow(companyId, user.token, { name: '같은 날 두 번째' });
    expect(phonesOf(await queueRows(ctx, again.runId))).toEqual([...phones].sort());
    expect(await runOf(ctx, companyId, again.id)).toMatchObject({ excluded_frequency: 0, total: 3 });
  });

  it('test sends do not count as a received message', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { duplicate_prevention_days: 7 } });
    await insertCustomers(ctx, companyId, 2, '34');
    await request(app).post('/api/test-contacts').set(bearer(user.token)).send({ name: '테스터', phone: '01034000000' }).expect(201);
    const id = await createCampaign(user.token);
    await request(app).post(`/api/campaigns/${id}/test-send`).set(bearer(user.token)).send({}).expect(201);
    const sent = await send(user.token, id, nextKey('after-test')).expect(202);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    // 01034000000 is also the first customer's phone: the test message does not hold it back
    expect(await queueRows(ctx, sent.body.run.id)).toHaveLength(2);
  });
});

describe('individual callback numbers (KOREAN-MESSAGING-RULES §4)', () => {
  it("sends each recipient their store's registered number and excludes, one by one, those without one", async () => {
    const { companyId, user } = await setupCompany(ctx);
    await ctx.deps.db.insertInto('callback_numbers').values({ company_id: companyId, number: '0317771234' }).execute();
    // a number registered only to another company is not this company's number
    const other = await setupCompany(ctx);
    await ctx.deps.db.insertInto('callback_numbers').values({ company_id: other.companyId, number: '0319998888' }).execute();
    const customers: Array<[string, string | null]> = [
      ['01041000001', '02-1588-1234'], // registered (CALLBACK), written with hyphens
      ['01041000002', '031-777-1234'], // registered
      ['01041000003', null], // no store phone
      ['01041000004', '051-111-2222'], // not registered anywhere
      ['01041000005', '031-999-8888'], // registered to the other company only
    ];
    await ctx.deps.db.insertInto('customers').values(customers.map(([phone, storePhone], i) => ({
      company_id: companyId, phone, name: `고객${i + 1}`, sms_opt_in: true, store_phone: storePhone,
    }))).execute();
    const id = await createCampaign(user.token, { callback: { mode: 'individual' }, body: '%이름%님 매장 안내' });

    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ matched: 5, excludedCallback: 3, final: 2 });
    expect(preview.body.estimatedCost).toBe('20.00');

    const sent = await send(user.token, id, nextKey('individual')).expect(202);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(rows.map((r) => [r['dest_no'], r['call_back'], r['msg_contents']]).sort()).toEqual([
      ['01041000001', CALLBACK, '고객1님 매장 안내'],
      ['01041000002', '0317771234', '고객2님 매장 안내'],
    ]);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'sending', matched: 5, excluded_callback: 3, total: 2, queued: 2 });
  });

  it('a callback number deleted between the send request and the dispatch is not used', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await ctx.deps.db.insertInto('callback_numbers').values({ company_id: companyId, number: '0317770001' }).execute();
    await ctx.deps.db.insertInto('customers').values([
      { company_id: companyId, phone: '01042000001', name: '가', sms_opt_in: true, store_phone: '0317770001' },
      { company_id: companyId, phone: '01042000002', name: '나', sms_opt_in: true, store_phone: CALLBACK },
    ]).execute();
    const id = await createCampaign(user.token, { callback: { mode: 'individual' } });
    const sent = await send(user.token, id, nextKey('individual-deleted')).expect(202);
    await ctx.deps.db.deleteFrom('callback_numbers').where('company_id', '=', companyId).where('number', '=', '0317770001').execute();
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(rows.map((r) => [r['dest_no'], r['call_back']])).toEqual([['01042000002', CALLBACK]]);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ excluded_callback: 1, total: 1 });
  });

  it('a user limited to assigned numbers sends only with those, also as individual callbacks', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const assigned = await ctx.deps.db.insertInto('callback_numbers').values({ company_id: companyId, number: '0317770011' })
      .returning('id').executeTakeFirstOrThrow();
    await ctx.deps.db.insertInto('callback_numbers').values({ company_id: companyId, number: '0317770022' }).execute();
    await ctx.deps.db.insertInto('user_callback_numbers').values({ company_id: companyId, user_id: user.id, callback_number_id: assigned.id }).execute();
    await ctx.deps.db.insertInto('customers').values([
      { company_id: companyId, phone: '01043000001', name: '가', sms_opt_in: true, store_phone: '031-777-0011' },
      { company_id: companyId, phone: '01043000002', name: '나', sms_opt_in: true, store_phone: '031-777-0022' },
    ]).execute();
    const id = await createCampaign(user.token, { callback: { mode: 'individual' } });
    // the company's other number is registered, but not this user's to use
    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ excludedCallback: 1, final: 1 });
    const sent = await send(user.token, id, nextKey('individual-assigned')).expect(202);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(rows.map((r) => [r['dest_no'], r['call_back']])).toEqual([['01043000001', '0317770011']]);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ excluded_callback: 1, total: 1, queued: 1 });
  });

  it('a number deleted during a split send is not used for the batches still to go; they are refunded', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '1000' } });
    await insertCustomers(ctx, companyId, 25, '44');
    const id = await createCampaign(user.token, { splitPerMinute: 10 });
    const sent = await send(user.token, id, nextKey('split-deleted')).expect(202);
    const runId = sent.body.run.id as string;
    const t0 = Date.now();
    expect(await dispatchRun(ctx.deps, companyId, runId)).toMatchObject({ kind: 'wait', reason: 'split' });
    expect(await queueRows(ctx, runId)).toHaveLength(10);
    await ctx.deps.db.deleteFrom('callback_numbers').where('company_id', '=', companyId).where('number', '=', CALLBACK).execute();
    const later = { ...ctx.deps, now: () => new Date(t0 + 61_000) };
    await dispatchRun(later, companyId, runId);
    await dispatchRun({ ...ctx.deps, now: () => new Date(t0 + 121_000) }, companyId, runId);
    expect(await queueRows(ctx, runId)).toHaveLength(10);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'sending', total: 25, queued: 10, render_failed: 15 });
    // every queued row reports delivered: 10 captured, the 15 never queued released
    await ctx.deps.mysql.query(`UPDATE SMSQ_SEND_1 SET rsv1 = '4', status_code = 6 WHERE app_etc1 = ?`, [runId]);
    await syncRunResults(ctx.deps);
    const ledger = await ctx.deps.db.selectFrom('balance_transactions').select(['kind', 'amount']).where('run_id', '=', runId).orderBy('id').execute();
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([['reserve', '250.00'], ['capture', '100.00'], ['release', '150.00']]);
  });
});

describe('lesson 3: send requests are idempotent', () => {
  it('the same key twice, one after the other: one run, the same answer, one set of queue rows', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 4, '51');
    const id = await createCampaign(user.token);
    const key = nextKey('seq');
    const first = await send(user.token, id, key).expect(202);
    const second = await send(user.token, id, key).expect(202);
    expect(second.body).toMatchObject({ id, status: 'dispatching', run: { id: first.body.run.id } });
    await dispatchRun(ctx.deps, companyId, first.body.run.id);
    // a retry after the dispatch still answers with the same run, now sending
    const third = await send(user.token, id, key).expect(202);
    expect(third.body).toMatchObject({ status: 'sending', run: { id: first.body.run.id, counts: { queued: 4 } } });
    await dispatchRun(ctx.deps, companyId, first.body.run.id);
    expect(await runRows(companyId, id)).toEqual([{ id: first.body.run.id, idempotency_key: key }]);
    expect(await queueRows(ctx, first.body.run.id)).toHaveLength(4);
  });

  it('the same key five times at once (double click + retries): one run, every request answered with it', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 4, '52');
    const id = await createCampaign(user.token);
    const key = nextKey('concurrent');
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(user.token, id, key)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const runs = await runRows(companyId, id);
    expect(runs).toHaveLength(1);
    expect(answers.map((a) => a.body.run?.id)).toEqual(Array(5).fill(runs[0]!.id));
    await Promise.all(answers.map(() => dispatchRun(ctx.deps, companyId, runs[0]!.id)));
    expect(await queueRows(ctx, runs[0]!.id)).toHaveLength(4);
  });

  it('a different key on an already sent campaign is refused with 409 and creates nothing', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 3, '53');
    const { id, runId } = await sendNow(companyId, user.token);
    const refused = await send(user.token, id, nextKey('other')).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { status: 'sending' } });
    expect(refused.body.error.message).toMatch(/이미 발송\(예약\)된 캠페인입니다/);
    expect((await runRows(companyId, id)).map((r) => r.id)).toEqual([runId]);
    expect(await queueRows(ctx, runId)).toHaveLength(3);
  });

  it('two different keys at once on one draft: exactly one is accepted, the other gets 409', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 3, '54');
    const id = await createCampaign(user.token);
    const answers = await Promise.all([send(user.token, id, nextKey('race-a')), send(user.token, id, nextKey('race-b'))]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(await runRows(companyId, id)).toHaveLength(1);
  });

  it('a key already used for another campaign is refused with 409', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 2, '55');
    const key = nextKey('reuse');
    const a = await createCampaign(user.token, { name: 'A' });
    const b = await createCampaign(user.token, { name: 'B' });
    await send(user.token, a, key).expect(202);
    const refused = await send(user.token, b, key).expect(409);
    expect(refused.body.error.message).toMatch(/다른 발송에 이미 사용/);
    expect(await runRows(companyId, b)).toEqual([]);
    expect((await request(app).get(`/api/campaigns/${b}`).set(bearer(user.token)).expect(200)).body.status).toBe('draft');
  });
});

describe('lesson 4: one message per phone', () => {
  it('2 customers sharing a phone under two store codes → 1 queue row; preview and run say 1 removed', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await ctx.deps.db.insertInto('customers').values([
      { company_id: companyId, phone: '01061000001', name: '강남점 고객', store_code: 'GN', sms_opt_in: true },
      { company_id: companyId, phone: '01061000001', name: '홍대점 고객', store_code: 'HD', sms_opt_in: true },
      { company_id: companyId, phone: '01061000002', name: '다른 고객', store_code: 'GN', sms_opt_in: true },
    ]).execute();
    const id = await createCampaign(user.token);
    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ matched: 3, duplicatePhones: 1, final: 2 });
    const sent = await send(user.token, id, nextKey('shared-phone')).expect(202);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(phonesOf(rows)).toEqual(['01061000001', '01061000002']);
    const view = await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token)).expect(200);
    expect(view.body.run.counts).toMatchObject({ matched: 3, excludedDuplicate: 1, total: 2, queued: 2 });
  });
});

describe('preview equals send', () => {
  it('a phone removed by hand is counted in the preview and left out of the send', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const phones = await insertCustomers(ctx, companyId, 3, '63');
    const id = await createCampaign(user.token);
    const sent = await send(user.token, id, nextKey('removed'), { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(202);
    await request(app).delete(`/api/campaigns/${id}/recipients/${phones[1]}`).set(bearer(user.token)).expect(200);
    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ matched: 3, removedByHand: 1, final: 2 });
    expect(preview.body.estimatedCost).toBe('20.00');
    const later = { ...ctx.deps, now: () => new Date(Date.now() + 2 * 3_600_000) };
    expect(await claimScheduledCampaigns(later)).toEqual([sent.body.run.id]);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    expect(phonesOf(await queueRows(ctx, sent.body.run.id))).toEqual([phones[0], phones[2]].sort());
  });
});

describe('lesson 6: opt-outs on the scheduled path, exact numbers', () => {
  it('2,000 targets with 1,000 opted out (half before scheduling, half after) → exactly 1,000 queue rows', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const phones = await insertCustomers(ctx, companyId, 2000, '62');
    const optedOut = phones.filter((_, i) => i % 2 === 1);
    await addOptOuts(ctx.deps.db, SYS, companyId, optedOut.slice(0, 500), 'manual');
    const id = await createCampaign(user.token);
    const sent = await send(user.token, id, nextKey('lesson6'), { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(202);
    expect(sent.body.status).toBe('scheduled');
    await addOptOuts(ctx.deps.db, SYS, companyId, optedOut.slice(500), '080');
    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ matched: 2000, optedOut: 1000, final: 1000 });

    const later = { ...ctx.deps, now: () => new Date(Date.now() + 2 * 3_600_000) };
    expect(await claimScheduledCampaigns(later)).toEqual([sent.body.run.id]);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(rows).toHaveLength(1000);
    const sentTo = new Set(rows.map((r) => String(r['dest_no'])));
    expect(sentTo.size).toBe(1000);
    expect(optedOut.filter((p) => sentTo.has(p))).toEqual([]);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ matched: 2000, excluded_opt_out: 1000, total: 1000, queued: 1000 });
  });
});
