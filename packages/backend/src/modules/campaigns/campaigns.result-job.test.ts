import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { quoteIdent } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { dbMonthOffset } from '../qtmsg/qtmsg.test-helpers.js';
import { STUCK_AFTER_MS, syncRunResults } from '../results/result-sync.service.js';
import {
  bearer, buildCampaignApp, campaignCalls, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany,
} from './campaigns.test-helpers.js';

/**
 * Lesson 16 through the API: the result job never leaves a run stuck — timeouts for sending and
 * cancelled runs, money moved once, a missing log table counts as zero, one failing table group or
 * run never holds up the others, and every active run is reached each tick.
 */

// SMSQ_SEND_4 is a bulk line these tests drop on purpose
const TABLES = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_4', 'SMSQ_SEND_10', 'SMSQ_SEND_11'];

let ctx: TestContext;
let app: Express;
const { sendNow } = campaignCalls(() => ({ ctx, app }), 'result-job');

beforeAll(async () => {
  ctx = await createTestContext({ smsTables: TABLES });
  app = buildCampaignApp(ctx);
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

describe('lesson 16: the result job never leaves a run stuck', () => {
  const ledgerOf = (runId: string) => ctx.deps.db.selectFrom('balance_transactions').select(['kind', 'amount'])
    .where('run_id', '=', runId).orderBy('id').execute().then((rows) => rows.map((r) => [r.kind, r.amount]));
  const balanceOf = async (companyId: string) =>
    (await ctx.deps.db.selectFrom('companies').select('balance').where('id', '=', companyId).executeTakeFirstOrThrow()).balance;
  const at = (ms: number) => ({ ...ctx.deps, now: () => new Date(ms) });
  /** A bulk line group of its own for the company (so its runs form their own table group). */
  let nLine = 0;
  async function ownLine(companyId: string, table: string) {
    const group = await ctx.deps.db.insertInto('sms_line_groups')
      .values({ name: `전용 ${table} #${++nLine}`, type: 'bulk', tables: [table], sort_order: 1 })
      .returning('id').executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('companies').set({ line_group_id: group.id }).where('id', '=', companyId).execute();
  }
  /** The agent reports `n` rows of the run as delivered; the rest stay waiting. */
  const deliver = (table: string, runId: string, n: number) =>
    ctx.deps.mysql.query(`UPDATE ${quoteIdent(table)} SET rsv1 = '4', status_code = 6, mob_company = '11' WHERE app_etc1 = ? ORDER BY seqno LIMIT ?`, [runId, n]);

  it('closes a run still pending past the timeout: unreported messages released once', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '1000' } });
    await insertCustomers(ctx, companyId, 10, '71');
    const { id, runId } = await sendNow(companyId, user.token);
    const dispatchedAt = new Date((await runOf(ctx, companyId, id)).dispatched_at!).getTime();
    await deliver('SMSQ_SEND_1', runId, 6);

    await syncRunResults(at(dispatchedAt + STUCK_AFTER_MS - 60_000));
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'sending', success: 6, pending: 4, settled_at: null });
    expect(await ledgerOf(runId)).toEqual([['reserve', '100.00']]);

    await syncRunResults(at(dispatchedAt + STUCK_AFTER_MS + 60_000));
    const closed = await runOf(ctx, companyId, id);
    // the unreported 4 are failures now: nothing is shown as still waiting on a closed run
    expect(closed).toMatchObject({ status: 'partially_failed', success: 6, failed: 4, pending: 0 });
    expect(closed.failure_reason).toMatch(/4건 미수신, 환불/);
    expect(closed.settled_at).not.toBeNull();
    expect((await request(app).get(`/api/campaigns/${id}`).set(bearer(user.token)).expect(200)).body.status).toBe('partially_failed');
    expect(await ledgerOf(runId)).toEqual([['reserve', '100.00'], ['capture', '60.00'], ['release', '40.00']]);
    expect(await balanceOf(companyId)).toBe('940.00');

    // later ticks (and late reports) move no more money
    await deliver('SMSQ_SEND_1', runId, 10);
    await syncRunResults(at(dispatchedAt + STUCK_AFTER_MS + 120_000));
    expect(await ledgerOf(runId)).toHaveLength(3);
    expect(await balanceOf(companyId)).toBe('940.00');
  });

  it('reaches every active run in one tick, page after page', async () => {
    const { companyId, user } = await setupCompany(ctx);
    const runs: Array<{ id: string; runId: string }> = [];
    for (let i = 0; i < 5; i++) {
      await insertCustomers(ctx, companyId, 1, `75${i}`, { grade: `P${i}` });
      runs.push(await sendNow(companyId, user.token, { name: `페이지 ${i}`, targetFilter: { op: 'and', conditions: [{ field: 'grade', operator: 'eq', value: `P${i}` }] } }));
    }
    for (const r of runs) await deliver('SMSQ_SEND_1', r.runId, 1);
    // pages of 2 over (at least) these 5 runs: every one of them is finished by the same tick
    const tick = await syncRunResults(ctx.deps, { pageSize: 2 });
    expect(tick.runs).toBeGreaterThanOrEqual(5);
    for (const r of runs) expect((await runOf(ctx, companyId, r.id)).status).toBe('completed');
  });

  it('settles a cancelled run whose taken messages never report, once, after the timeout', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '1000' } });
    await insertCustomers(ctx, companyId, 10, '74');
    const { id, runId } = await sendNow(companyId, user.token);
    const dispatchedAt = new Date((await runOf(ctx, companyId, id)).dispatched_at!).getTime();
    // the agent took 4 rows (2 of them then reported delivered); the other 6 wait and are cancelled
    await ctx.deps.mysql.query(`UPDATE SMSQ_SEND_1 SET rsv1 = '2' WHERE app_etc1 = ? ORDER BY seqno LIMIT 4`, [runId]);
    await deliver('SMSQ_SEND_1', runId, 2);
    const cancelled = await request(app).post(`/api/campaigns/${id}/cancel`).set(bearer(user.token)).send({}).expect(200);
    // of the 4 taken, 2 already reported: 2 are in the agent's hands and cannot be called back
    expect(cancelled.body).toMatchObject({ cancelled: 6, notCancellable: 2 });
    expect(await ledgerOf(runId)).toEqual([['reserve', '100.00']]);

    await syncRunResults(at(dispatchedAt + STUCK_AFTER_MS - 60_000));
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'cancelled', success: 2, pending: 2, settled_at: null });
    expect(await ledgerOf(runId)).toEqual([['reserve', '100.00']]);

    await syncRunResults(at(dispatchedAt + STUCK_AFTER_MS + 60_000));
    const closed = await runOf(ctx, companyId, id);
    expect(closed).toMatchObject({ status: 'cancelled', success: 2, failed: 2, pending: 0 });
    expect(closed.settled_at).not.toBeNull();
    expect(closed.failure_reason).toMatch(/2건 미수신, 환불/);
    expect(await ledgerOf(runId)).toEqual([['reserve', '100.00'], ['capture', '20.00'], ['release', '80.00']]);
    expect(await balanceOf(companyId)).toBe('980.00');

    await syncRunResults(at(dispatchedAt + STUCK_AFTER_MS + 120_000));
    expect(await ledgerOf(runId)).toHaveLength(3);
    expect(await balanceOf(companyId)).toBe('980.00');
  });

  it('a missing log table counts as zero; a failing table group or run does not hold up the others', async () => {
    // A: its run's line has no log table for this month
    const a = await setupCompany(ctx);
    await ownLine(a.companyId, 'SMSQ_SEND_2');
    await insertCustomers(ctx, a.companyId, 3, '72');
    const runA = await sendNow(a.companyId, a.user.token);
    const ym = await dbMonthOffset(ctx.deps.mysql, 0);
    await ctx.deps.mysql.query(`DROP TABLE IF EXISTS ${quoteIdent(`SMSQ_SEND_2_${ym}`)}`);
    await deliver('SMSQ_SEND_2', runA.runId, 3);
    // B: prepaid, on a line whose queue table is then lost (e.g. dropped by an intruder, lesson 24)
    const b = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '100' } });
    await ownLine(b.companyId, 'SMSQ_SEND_4');
    await insertCustomers(ctx, b.companyId, 5, '73');
    const runB = await sendNow(b.companyId, b.user.token);
    expect(await queueRows(ctx, runB.runId, ['SMSQ_SEND_4'])).toHaveLength(5);
    await deliver('SMSQ_SEND_4', runB.runId, 2);
    // C and D share one line; C's ledger is broken, so settling C throws
    const c = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '100' } });
    await ownLine(c.companyId, 'SMSQ_SEND_3');
    await insertCustomers(ctx, c.companyId, 2, '74');
    const runC = await sendNow(c.companyId, c.user.token);
    const d = await setupCompany(ctx);
    await ownLine(d.companyId, 'SMSQ_SEND_3');
    await insertCustomers(ctx, d.companyId, 2, '75');
    const runD = await sendNow(d.companyId, d.user.token);
    expect((await runOf(ctx, c.companyId, runC.id)).tables).toEqual((await runOf(ctx, d.companyId, runD.id)).tables);
    await deliver('SMSQ_SEND_3', runC.runId, 2);
    await deliver('SMSQ_SEND_3', runD.runId, 2);
    await ctx.deps.db.deleteFrom('balance_transactions').where('run_id', '=', runC.runId).execute();

    // B is synced once while its table is still there, then the table disappears
    await syncRunResults(ctx.deps);
    expect(await runOf(ctx, b.companyId, runB.id)).toMatchObject({ status: 'sending', success: 2, pending: 3 });
    onTestFinished(async () => {
      await ctx.deps.mysql.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent('SMSQ_SEND_4')} LIKE ${quoteIdent('SMSQ_SEND_1')}`);
    });
    await ctx.deps.mysql.query(`DROP TABLE ${quoteIdent('SMSQ_SEND_4')}`);

    const tick = await syncRunResults(ctx.deps);
    expect(tick.errors).toBeGreaterThanOrEqual(2); // B's table group and C's settlement
    expect(await runOf(ctx, a.companyId, runA.id)).toMatchObject({ status: 'completed', success: 3, pending: 0 });
    expect(await runOf(ctx, d.companyId, runD.id)).toMatchObject({ status: 'completed', success: 2 });
    expect(await runOf(ctx, c.companyId, runC.id)).toMatchObject({ status: 'sending', settled_at: null });
    expect(await runOf(ctx, b.companyId, runB.id)).toMatchObject({ status: 'sending', settled_at: null });

    // past the timeout, B is closed with what it last reported: 2 delivered, 3 released
    const dispatchedB = new Date((await runOf(ctx, b.companyId, runB.id)).dispatched_at!).getTime();
    await syncRunResults(at(dispatchedB + STUCK_AFTER_MS + 60_000));
    const closed = await runOf(ctx, b.companyId, runB.id);
    expect(closed).toMatchObject({ status: 'partially_failed', success: 2 });
    expect(closed.failure_reason).toMatch(/3건 미수신, 환불/);
    expect(await ledgerOf(runB.runId)).toEqual([['reserve', '50.00'], ['capture', '20.00'], ['release', '30.00']]);
    expect(await balanceOf(b.companyId)).toBe('80.00');
    await syncRunResults(at(dispatchedB + STUCK_AFTER_MS + 120_000));
    expect(await ledgerOf(runB.runId)).toHaveLength(3);
  });
});
