import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { quoteIdent } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { claimScheduledCampaigns } from './schedule.service.js';
import { dispatchRun } from './dispatch.service.js';
import { sendCampaign } from './send.service.js';
import {
  BULK, CALLBACK, bearer, buildCampaignApp, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany, smsBody,
} from './campaigns.test-helpers.js';

/** Changes to a campaign before it goes out: the 15-minute lock, reschedule, message edit, recipient removal, night deferral. */

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await createTestContext();
  app = buildCampaignApp(ctx);
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const MIN = 60_000;
const LOCKED = /발송 15분 전부터는/;
let n080 = 0;
/** A distinct 080 number per company of this file's private database. */
const next080 = () => `0807${String(++n080).padStart(6, '0')}`;
let nKey = 0;
const nextKey = (what: string) => `edits-${what}-${++nKey}`;

/** `days` KST calendar days after today (KST), at hh:mm KST. */
function kstAt(days: number, hh: number, mm = 0): Date {
  const kstToday = new Date(Date.now() + 9 * 3_600_000);
  return new Date(Date.UTC(kstToday.getUTCFullYear(), kstToday.getUTCMonth(), kstToday.getUTCDate() + days, hh - 9, mm));
}

/** A campaign created and scheduled through the API by `token`. */
async function scheduled(token: string, at: Date, over: Record<string, unknown> = {}) {
  const id = (await request(app).post('/api/campaigns').set(bearer(token)).send(smsBody(over)).expect(201)).body.id as string;
  const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(token)).set('Idempotency-Key', nextKey('send'))
    .send({ scheduledAt: at.toISOString() }).expect(202);
  expect(sent.body.status).toBe('scheduled');
  return { id, runId: sent.body.run.id as string };
}

async function stored(companyId: string, id: string) {
  return ctx.deps.db.selectFrom('campaigns').select(['status', 'scheduled_at', 'body', 'is_ad', 'cancel_reason', 'excluded_phones'])
    .where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
}

const message = (over: Record<string, unknown> = {}) => ({
  messageType: 'SMS', body: '%이름%님 여름 세일 안내', isAd: false, callback: { mode: 'fixed', number: CALLBACK }, ...over,
});

describe('the 15-minute lock', () => {
  it('10 minutes ahead: the marketer can neither cancel, reschedule nor edit; the company admin cancels with a reason', async () => {
    const { companyId, user, admin } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 3, '21');
    const at = new Date(Date.now() + 10 * MIN);
    const { id } = await scheduled(user.token, at);
    const view = await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token)).expect(200);
    expect(view.body.locked).toBe(true);

    const cancel = await request(app).post(`/api/campaigns/${id}/cancel`).set(bearer(user.token)).send({}).expect(403);
    expect(cancel.body.error.message).toMatch(LOCKED);
    const moved = await request(app).put(`/api/campaigns/${id}/schedule`).set(bearer(user.token))
      .send({ scheduledAt: new Date(Date.now() + 120 * MIN).toISOString() }).expect(403);
    expect(moved.body.error.message).toMatch(LOCKED);
    const edited = await request(app).put(`/api/campaigns/${id}/message`).set(bearer(user.token)).send(message()).expect(403);
    expect(edited.body.error.message).toMatch(LOCKED);
    const removed = await request(app).delete(`/api/campaigns/${id}/recipients/01021000001`).set(bearer(user.token)).expect(403);
    expect(removed.body.error.message).toMatch(LOCKED);
    const untouched = await stored(companyId, id);
    expect(untouched).toMatchObject({ status: 'scheduled', body: '%이름%님 봄 세일 안내', excluded_phones: [] });
    expect(new Date(untouched.scheduled_at!).toISOString()).toBe(at.toISOString());

    // the admin must say why, then may cancel
    const noReason = await request(app).post(`/api/campaigns/${id}/cancel`).set(bearer(admin.token)).send({}).expect(400);
    expect(noReason.body.error.message).toMatch(/사유/);
    const done = await request(app).post(`/api/campaigns/${id}/cancel`).set(bearer(admin.token)).send({ reason: '매장 요청으로 취소' }).expect(200);
    expect(done.body.campaign).toMatchObject({ status: 'cancelled', cancelReason: '매장 요청으로 취소' });
    expect(await stored(companyId, id)).toMatchObject({ status: 'cancelled', cancel_reason: '매장 요청으로 취소' });
    expect((await runOf(ctx, companyId, id)).status).toBe('cancelled');
  });

  it('20 minutes ahead: the marketer may edit, reschedule and cancel', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 3, '22');
    const { id } = await scheduled(user.token, new Date(Date.now() + 20 * MIN));
    expect((await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token)).expect(200)).body.locked).toBe(false);

    await request(app).put(`/api/campaigns/${id}/message`).set(bearer(user.token)).send(message()).expect(200);
    const later = new Date(Date.now() + 60 * MIN);
    const moved = await request(app).put(`/api/campaigns/${id}/schedule`).set(bearer(user.token)).send({ scheduledAt: later.toISOString() }).expect(200);
    expect(moved.body.scheduledAt).toBe(later.toISOString());
    await request(app).post(`/api/campaigns/${id}/cancel`).set(bearer(user.token)).send({}).expect(200);
    expect(await stored(companyId, id)).toMatchObject({ status: 'cancelled', body: '%이름%님 여름 세일 안내' });
  });
});

describe('PUT /api/campaigns/:id/schedule', () => {
  it('moves a scheduled ad campaign and refuses the past, more than a year ahead and 21:30 KST', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: next080() } });
    await insertCustomers(ctx, companyId, 3, '23');
    const { id, runId } = await scheduled(user.token, kstAt(3, 12), { isAd: true });

    const target = kstAt(4, 14, 30);
    const res = await request(app).put(`/api/campaigns/${id}/schedule`).set(bearer(user.token))
      .send({ scheduledAt: target.toISOString() }).expect(200);
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledAt: target.toISOString() });
    expect(new Date((await stored(companyId, id)).scheduled_at!).toISOString()).toBe(target.toISOString());
    const run = await runOf(ctx, companyId, id);
    expect(run.id).toBe(runId);
    expect(new Date(run.scheduled_at!).toISOString()).toBe(target.toISOString());

    const refusals: Array<[string, string, RegExp]> = [
      ['2020-01-01T03:00:00Z', 'schedule_in_past', /지났습니다/],
      [new Date(Date.now() + 400 * 24 * 60 * MIN).toISOString(), 'schedule_too_far', /1년/],
      [kstAt(4, 21, 30).toISOString(), 'ad_send_window', /광고 문자는/],
    ];
    for (const [scheduledAt, reason, text] of refusals) {
      const refused = await request(app).put(`/api/campaigns/${id}/schedule`).set(bearer(user.token)).send({ scheduledAt }).expect(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', details: { reason } });
      expect(refused.body.error.message).toMatch(text);
    }
    // nothing moved
    expect(new Date((await stored(companyId, id)).scheduled_at!).toISOString()).toBe(target.toISOString());
    expect(new Date((await runOf(ctx, companyId, id)).scheduled_at!).toISOString()).toBe(target.toISOString());
  });
});

describe('PUT /api/campaigns/:id/message', () => {
  it('stores the new pure body and the next preview shows it wrapped once', async () => {
    const number080 = next080();
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: number080 } });
    await insertCustomers(ctx, companyId, 3, '24');
    const { id } = await scheduled(user.token, kstAt(3, 12), { isAd: true });
    const before = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(before.body.sample.message.body).toMatch(/님 봄 세일 안내\n무료거부/);

    const res = await request(app).put(`/api/campaigns/${id}/message`).set(bearer(user.token))
      .send(message({ isAd: true })).expect(200);
    expect(res.body).toMatchObject({ body: '%이름%님 여름 세일 안내', isAd: true, status: 'scheduled' });
    expect(await stored(companyId, id)).toMatchObject({ body: '%이름%님 여름 세일 안내', is_ad: true, status: 'scheduled' });

    const after = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    const text = String(after.body.sample.message.body);
    expect(text).toMatch(new RegExp(`^\\(광고\\)고객\\d+님 여름 세일 안내\\n무료거부${number080}$`));
    expect(text.split('(광고)')).toHaveLength(2);
    expect(text.split('무료거부')).toHaveLength(2);

    // a refused edit (an unregistered callback number) changes nothing
    await request(app).put(`/api/campaigns/${id}/message`).set(bearer(user.token))
      .send(message({ isAd: true, body: '바뀌면 안 됨', callback: { mode: 'fixed', number: '0311234567' } })).expect(400);
    expect((await stored(companyId, id)).body).toBe('%이름%님 여름 세일 안내');
  });
});

describe('DELETE /api/campaigns/:id/recipients/:phone', () => {
  it('removes that phone from the send: after dispatch MySQL holds no row for it', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const phones = await insertCustomers(ctx, companyId, 5, '25');
    const removed = phones[2]!;
    const { id, runId } = await scheduled(user.token, new Date(Date.now() + 60 * MIN));

    await request(app).delete(`/api/campaigns/${id}/recipients/not-a-phone`).set(bearer(user.token)).expect(400);
    const dashed = `${removed.slice(0, 3)}-${removed.slice(3, 7)}-${removed.slice(7)}`;
    await request(app).delete(`/api/campaigns/${id}/recipients/${dashed}`).set(bearer(user.token)).expect(200);
    expect((await stored(companyId, id)).excluded_phones).toEqual([removed]);

    const later = { ...ctx.deps, now: () => new Date(Date.now() + 2 * 60 * MIN) };
    expect(await claimScheduledCampaigns(later)).toEqual([runId]);
    await dispatchRun(ctx.deps, companyId, runId);
    const rows = await queueRows(ctx, runId);
    expect(rows.map((r) => r['dest_no']).sort()).toEqual(phones.filter((p) => p !== removed).sort());
    for (const table of BULK) {
      const [found] = await ctx.deps.mysql.query(`SELECT COUNT(*) AS n FROM ${quoteIdent(table)} WHERE dest_no = ?`, [removed]);
      expect(Number((found as Array<{ n: number }>)[0]?.n)).toBe(0);
    }
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'sending', total: 4, queued: 4 });
  });
});

describe('night window at dispatch', () => {
  it('an ad run dispatched at 21:05 KST writes nothing and pauses until 08:00 KST the next day', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: next080() } });
    const phones = await insertCustomers(ctx, companyId, 3, '26');
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody({ isAd: true })).expect(201)).body.id as string;
    // "send now" accepted at noon KST (service with a pinned clock: the session would not survive a jump)
    const scope = { companyId, storeCodes: null, userId: user.id, role: 'company_user' as const };
    const noon = { ...ctx.deps, now: () => kstAt(1, 12) };
    const sent = await sendCampaign(noon, scope, { type: 'user', id: user.id }, id, { scheduledAt: null, idempotencyKey: nextKey('night') });
    const runId = sent.run!.id;

    const night = { ...ctx.deps, now: () => kstAt(1, 21, 5) };
    const morning = kstAt(2, 8);
    expect(await dispatchRun(night, companyId, runId)).toEqual({ kind: 'wait', until: morning, reason: 'window' });
    expect(await queueRows(ctx, runId)).toHaveLength(0);
    const paused = await runOf(ctx, companyId, id);
    expect(paused).toMatchObject({ status: 'dispatching', queued: 0, next_batch: 0 });
    expect(new Date(paused.paused_until!).toISOString()).toBe(morning.toISOString());

    // at 08:00 KST the run goes out
    expect(await dispatchRun({ ...ctx.deps, now: () => morning }, companyId, runId)).toEqual({ kind: 'done' });
    const rows = await queueRows(ctx, runId);
    expect(rows.map((r) => r['dest_no']).sort()).toEqual([...phones].sort());
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'sending', queued: 3, paused_until: null });
  });
});
