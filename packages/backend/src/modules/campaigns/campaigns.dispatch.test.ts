import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { signInSuperAdmin } from '../../../test/auth-helpers.js';
import { claimScheduledCampaigns } from './schedule.service.js';
import { dispatchRun } from './dispatch.service.js';
import { BATCH_SIZE } from './freeze-run.js';
import { syncRunResults } from '../results/result-sync.service.js';
import {
  bearer, buildCampaignApp, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany, smsBody,
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

async function draftAndSend(token: string, key: string, over: Record<string, unknown> = {}, send: Record<string, unknown> = {}) {
  const id = (await request(app).post('/api/campaigns').set(bearer(token)).send(smsBody(over)).expect(201)).body.id as string;
  const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(token)).set('Idempotency-Key', key).send(send);
  return { id, sent };
}

describe('exactly-once dispatch', () => {
  it('queues 20,000 recipients exactly once although the worker dies at 3 random points', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 20_000, '3');
    const { id, sent } = await draftAndSend(user.token, 'kill-test-key-1');
    expect(sent.status).toBe(202);
    const runId = sent.body.run.id as string;
    // 20,000 / BATCH_SIZE batches: die right after 2 random batches reached MySQL — mid-window,
    // while the other lanes are still writing — and once after a whole window was written but
    // before its checkpoint committed; each time start again
    const batches = Math.ceil(20_000 / BATCH_SIZE);
    expect(batches).toBeGreaterThanOrEqual(4);
    const killAt = new Set(Array.from({ length: batches }, (_, b) => b).sort(() => Math.random() - 0.5).slice(0, 2));
    let windowKill = true;
    let deaths = 0;
    for (;;) {
      try {
        await dispatchRun(ctx.deps, companyId, runId, {
          afterBatch: (batch) => {
            if (killAt.has(batch)) {
              killAt.delete(batch);
              deaths++;
              throw new Error(`killed after batch ${batch}`);
            }
          },
          afterWindow: (first, written) => {
            if (windowKill && written.length > 0) {
              windowKill = false;
              deaths++;
              throw new Error(`killed before the checkpoint of the window at ${first}`);
            }
          },
        });
        break;
      } catch (err) {
        expect(String(err)).toMatch(/killed/);
      }
    }
    expect(deaths).toBe(3);
    const rows = await queueRows(ctx, runId);
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((r) => r['dest_no'])).size).toBe(20_000);
    expect(new Set(rows.map((r) => r['t'])).size).toBe(3);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'sending', total: 20_000, queued: 20_000, next_batch: batches });
  }, 120_000);

  it('a run of several windows reads each next window ahead and still queues everyone once when killed', async () => {
    const { companyId, user } = await setupCompany(ctx);
    // a one-table line: 4 batches of BATCH_SIZE per window, so 2.5 windows' worth of recipients
    const line = await ctx.deps.db.insertInto('sms_line_groups').values({ name: '단일 회선', type: 'bulk', tables: ['SMSQ_SEND_3'], sort_order: 1 })
      .returning('id').executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('companies').set({ line_group_id: line.id }).where('id', '=', companyId).execute();
    const total = 10 * BATCH_SIZE;
    await insertCustomers(ctx, companyId, total, '4');
    const { sent } = await draftAndSend(user.token, 'read-ahead-key-1');
    const runId = sent.body.run.id as string;
    const reads: string[] = [];
    let killed = false;
    for (;;) {
      try {
        await dispatchRun(ctx.deps, companyId, runId, {
          onWindowRead: (fromSeq, source) => reads.push(`${fromSeq / BATCH_SIZE}:${source}`),
          // die once inside the second window, after its second batch reached MySQL
          afterBatch: (batch) => {
            if (batch === 5 && !killed) {
              killed = true;
              throw new Error('killed after batch 5');
            }
          },
        });
        break;
      } catch (err) {
        expect(String(err)).toMatch(/killed/);
      }
    }
    // window 0 read now, window 1 read ahead (then killed); restarted, window 1 reads now what MySQL
    // lacks (from batch 6, or 7 if the other lane finished 6 first), window 2 was read ahead
    expect(killed).toBe(true);
    expect(reads).toHaveLength(4);
    expect(reads.slice(0, 2)).toEqual(['0:now', '4:ahead']);
    expect(reads[2]).toMatch(/^[67]:now$/);
    expect(reads[3]).toBe('8:ahead');
    const [rows] = await ctx.deps.mysql.query('SELECT dest_no FROM SMSQ_SEND_3 WHERE app_etc1 = ?', [runId]);
    const phones = (rows as Array<{ dest_no: string }>).map((r) => r.dest_no);
    expect(phones).toHaveLength(total);
    expect(new Set(phones).size).toBe(total);
  }, 120_000);

  it('lets exactly one of two racing workers claim a due scheduled campaign', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 5, '4');
    const at = new Date(Date.now() + 3600_000).toISOString();
    const { id, sent } = await draftAndSend(user.token, 'race-key-0001', {}, { scheduledAt: at });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('scheduled');
    const later = { ...ctx.deps, now: () => new Date(Date.now() + 2 * 3600_000) };
    const [a, b] = await Promise.all([claimScheduledCampaigns(later), claimScheduledCampaigns(later)]);
    expect([...a, ...b]).toEqual([sent.body.run.id]);
    await Promise.all([dispatchRun(ctx.deps, companyId, sent.body.run.id), dispatchRun(ctx.deps, companyId, sent.body.run.id)]);
    expect(await queueRows(ctx, sent.body.run.id)).toHaveLength(5);
    expect((await runOf(ctx, companyId, id)).status).toBe('sending');
  });
});

describe('money', () => {
  it('sends exactly 10 of 50 concurrent campaigns when the prepaid balance covers 10', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '100' } });
    await insertCustomers(ctx, companyId, 1, '2');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push((await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody({ name: `c${i}` })).expect(201)).body.id);
    }
    const sends = await Promise.all(ids.map((id, i) =>
      request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', `money-key-${i}`).send({})));
    expect(sends.every((s) => s.status === 202)).toBe(true);
    await Promise.all(sends.map((s) => dispatchRun(ctx.deps, companyId, s.body.run.id)));
    const runs = await ctx.deps.db.selectFrom('campaign_runs').select(['status', 'failure_reason']).where('company_id', '=', companyId).execute();
    expect(runs.filter((r) => r.status === 'sending')).toHaveLength(10);
    expect(runs.filter((r) => r.status === 'failed')).toHaveLength(40);
    expect(runs.find((r) => r.status === 'failed')?.failure_reason).toMatch(/잔액이 부족합니다/);
    let queued = 0;
    for (const s of sends) queued += (await queueRows(ctx, s.body.run.id)).length;
    expect(queued).toBe(10);
    const company = await ctx.deps.db.selectFrom('companies').select('balance').where('id', '=', companyId).executeTakeFirstOrThrow();
    expect(company.balance).toBe('0.00');
  });
});

describe('cancel', () => {
  for (const role of ['user', 'admin', 'super'] as const) {
    it(`by ${role}: deletes waiting rows, counts taken ones, refunds exactly the unsent count`, async () => {
      const { companyId, user, admin } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '1000' } });
      await insertCustomers(ctx, companyId, 30, role === 'user' ? '11' : role === 'admin' ? '12' : '13');
      const { id, sent } = await draftAndSend(user.token, `cancel-key-${role}`);
      const runId = sent.body.run.id as string;
      await dispatchRun(ctx.deps, companyId, runId);
      // the agent already took 5 rows
      await ctx.deps.mysql.query(`UPDATE SMSQ_SEND_1 SET rsv1 = '2' WHERE app_etc1 = ? ORDER BY seqno LIMIT 5`, [runId]);
      const path = role === 'super' ? `/api/admin/companies/${companyId}/campaigns/${id}/cancel` : `/api/campaigns/${id}/cancel`;
      const token = role === 'super' ? (await signInSuperAdmin(ctx)).token : role === 'admin' ? admin.token : user.token;
      if (role !== 'user') await request(app).post(path).set(bearer(token)).send({}).expect(400);
      const res = await request(app).post(path).set(bearer(token)).send(role === 'user' ? {} : { reason: '고객 요청' }).expect(200);
      expect(res.body).toMatchObject({ cancelled: 25, notCancellable: 5 });
      const rows = await queueRows(ctx, runId);
      expect(rows).toHaveLength(5);
      expect(rows.every((r) => r['rsv1'] === '2')).toBe(true);
      const run = await runOf(ctx, companyId, id);
      expect(run).toMatchObject({ status: 'cancelled', cancelled: 25, not_cancellable: 5 });
      expect((await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token))).body.status).toBe('cancelled');
      // the 5 taken rows are delivered; the result job settles: capture 5 × 10, release 25 × 10
      await ctx.deps.mysql.query(`UPDATE SMSQ_SEND_1 SET rsv1 = '4', status_code = 6 WHERE app_etc1 = ?`, [runId]);
      expect((await syncRunResults(ctx.deps)).errors).toBe(0);
      const settled = await runOf(ctx, companyId, id);
      expect(settled).toMatchObject({ status: 'cancelled', success: 5, pending: 0 });
      expect(settled.settled_at).not.toBeNull();
      const ledger = await ctx.deps.db.selectFrom('balance_transactions').select(['kind', 'amount']).where('run_id', '=', runId).orderBy('id').execute();
      expect(ledger.map((l) => [l.kind, l.amount])).toEqual([['reserve', '300.00'], ['capture', '50.00'], ['release', '250.00']]);
      const company = await ctx.deps.db.selectFrom('companies').select('balance').where('id', '=', companyId).executeTakeFirstOrThrow();
      expect(company.balance).toBe('950.00');
      await syncRunResults(ctx.deps);
      expect((await ctx.deps.db.selectFrom('balance_transactions').select('id').where('run_id', '=', runId).execute())).toHaveLength(3);
    });
  }

  it('cancels a scheduled campaign before dispatch: nothing is ever queued', async () => {
    const { companyId, user } = await setupCompany(ctx);
    await insertCustomers(ctx, companyId, 5, '14');
    const { id, sent } = await draftAndSend(user.token, 'cancel-sched-1', {}, { scheduledAt: new Date(Date.now() + 3600_000).toISOString() });
    await request(app).post(`/api/campaigns/${id}/cancel`).set(bearer(user.token)).send({}).expect(200);
    const later = { ...ctx.deps, now: () => new Date(Date.now() + 2 * 3600_000) };
    expect(await claimScheduledCampaigns(later)).toEqual([]);
    await dispatchRun(ctx.deps, companyId, sent.body.run.id);
    expect(await queueRows(ctx, sent.body.run.id)).toHaveLength(0);
  });
});
