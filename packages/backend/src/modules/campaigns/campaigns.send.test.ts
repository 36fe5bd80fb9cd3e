import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { dispatchRun } from './dispatch.service.js';
import {
  BULK, CALLBACK, bearer, buildCampaignApp, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany, smsBody,
} from './campaigns.test-helpers.js';

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

const SYS = { type: 'system' as const, id: null };

describe('send now', () => {
  it('freezes the target minus opt-outs and duplicate phones, and queues one rendered row per phone', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const phones = await insertCustomers(ctx, companyId, 2000, '5');
    // the same phone under a second store code: one message only (lesson 4)
    await ctx.deps.db.insertInto('customers').values({ company_id: companyId, phone: phones[0]!, name: '중복', store_code: 'S2', sms_opt_in: true }).execute();
    await addOptOuts(ctx.deps.db, SYS, companyId, phones.slice(1000, 2000), 'manual');
    const created = await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody()).expect(201);
    const id = created.body.id as string;

    const preview = await request(app).post(`/api/campaigns/${id}/preview`).set(bearer(user.token)).expect(200);
    expect(preview.body.target).toMatchObject({ optedOut: 1000, duplicatePhones: 1, final: 1000 });
    expect(preview.body.sample.message.body).toMatch(/님 봄 세일 안내$/);

    const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'key-send-now-1').send({}).expect(202);
    expect(sent.body.status).toBe('dispatching');
    const again = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'key-send-now-1').send({}).expect(202);
    expect(again.body.run.id).toBe(sent.body.run.id);

    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r['dest_no'])).size).toBe(1000);
    expect(rows.some((r) => phones.slice(1000).includes(String(r['dest_no'])))).toBe(false);
    expect(new Set(rows.map((r) => r['t']))).toEqual(new Set([BULK[0]])); // one batch of ≤ 2,000 → one table
    expect(rows.every((r) => r['call_back'] === CALLBACK && r['msg_type'] === 'S')).toBe(true);
    expect(rows.find((r) => r['dest_no'] === phones[1])?.['msg_contents']).toBe('고객2님 봄 세일 안내');

    const run = await runOf(ctx, companyId, id);
    expect(run).toMatchObject({ status: 'sending', total: 1000, queued: 1000, excluded_opt_out: 1000, excluded_duplicate: 1 });
    const view = await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token)).expect(200);
    expect(view.body.run.counts).toMatchObject({ total: 1000, queued: 1000 });
  });

  it('honours an opt-out created after the send request, right before dispatch', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const phones = await insertCustomers(ctx, companyId, 10, '6');
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody()).expect(201)).body.id;
    const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'key-late-optout').send({}).expect(202);
    await addOptOuts(ctx.deps.db, SYS, companyId, [phones[3]!], '080');
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    const rows = await queueRows(ctx, sent.body.run.id);
    expect(rows.map((r) => r['dest_no'])).not.toContain(phones[3]);
    expect(rows).toHaveLength(9);
  });

  it('wraps an ad once: (광고) prefix and the 080 footer from the company setting', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: '0807196701' } });
    await insertCustomers(ctx, companyId, 3, '7');
    const body = smsBody({ isAd: true, body: '(광고)봄 세일' });
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(body).expect(201)).body.id;
    const now = ctx.deps.now;
    ctx.deps.now = () => new Date('2026-03-02T03:00:00Z'); // 12:00 KST
    try {
      const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'key-ad-wrap-1').send({}).expect(202);
      await dispatchRun(ctx.deps, companyId, sent.body.run.id);
      const rows = await queueRows(ctx, sent.body.run.id);
      expect(rows.map((r) => r['msg_contents'])).toEqual(Array(3).fill('(광고)봄 세일\n무료거부0807196701'));
    } finally {
      ctx.deps.now = now;
    }
  });
});
