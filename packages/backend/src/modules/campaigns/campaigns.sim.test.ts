import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import express, { type Express } from 'express';
import { startFleet, loadConfig as loadSimConfig, createVirtualClock, type Fleet } from '@hanjullo/qtmsg-sim';
import { ResultCampaignDetail, quoteIdent } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { ensureLogTables } from '../qtmsg/log-tables.service.js';
import { sqlRows } from '../qtmsg/qtmsg.test-helpers.js';
import { resultRoutes } from '../results/results.routes.js';
import { syncRunResults } from '../results/result-sync.service.js';
import { campaignRoutes } from './campaigns.routes.js';
import { dispatchRun } from './dispatch.service.js';
import { BULK, bearer, insertCustomers, runOf, seedLineGroups, setupCompany, smsBody } from './campaigns.test-helpers.js';

/**
 * A campaign end to end against the simulated QTmsg agents: sent through the API, dispatched,
 * claimed and reported by the agents, moved to the log table, read back by the result job, which
 * completes the run and settles the money; the results API shows the carrier split and the
 * labelled failure reason.
 */

let ctx: TestContext;
let app: Express;
let fleet: Fleet | undefined;

beforeAll(async () => {
  ctx = await createTestContext();
  app = express().use(requestLogger(ctx.deps.logger)).use(express.json())
    .use(campaignRoutes(ctx.deps)).use(resultRoutes(ctx.deps)).use(errorHandler);
  await seedLineGroups(ctx);
  await ensureLogTables(ctx.deps.mysql, BULK, 2);
});
afterAll(async () => {
  await fleet?.stop();
  await ctx?.close();
});

describe('campaign → simulated agents → results', () => {
  it('completes a 12-recipient ad campaign: 11 delivered, 1 dead number, money settled once', async () => {
    const { companyId, user } = await setupCompany(ctx, {
      company: { billing_type: 'prepaid', balance: '1000', opt_out_080_number: '0807770001' },
    });
    await insertCustomers(ctx, companyId, 11, '81');
    // the simulator answers 01000000007 with code 7 (결번)
    await ctx.deps.db.insertInto('customers').values({ company_id: companyId, phone: '01000000007', name: '결번', sms_opt_in: true, grade: 'VIP' }).execute();
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody({ isAd: true })).expect(201)).body.id as string;
    const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'sim-send-1').send({}).expect(202);
    const runId = sent.body.run.id as string;
    expect(await dispatchRun(ctx.deps, companyId, runId)).toEqual({ kind: 'done' });

    const [now] = await sqlRows(ctx.deps.mysql, `SELECT DATE_FORMAT(NOW() + INTERVAL 2 SECOND, '%Y-%m-%d %H:%i:%s') AS wall`);
    const clock = createVirtualClock(String(now?.['wall']));
    fleet = await startFleet({
      clock, autoRun: false,
      config: loadSimConfig({
        SMS_TABLES: BULK.join(','), MYSQL_URL: ctx.config.mysqlUrl, SIM_RATE_PER_SEC: '0',
        SIM_REPORT_DELAY_MS: '1000', SIM_MOVE_DELAY_MS: '1000', SIM_BATCH: '1000',
      }),
    });
    // claim → report → move to the month's log table
    for (let i = 0; i < 4; i++) {
      await fleet.tick();
      clock.advance(1_000);
    }
    const live = await sqlRows(ctx.deps.mysql, BULK.map((t) => `SELECT seqno FROM ${quoteIdent(t)} WHERE app_etc1 = ?`).join(' UNION ALL '), BULK.map(() => runId));
    expect(live).toHaveLength(0);

    expect((await syncRunResults(ctx.deps)).errors).toBe(0);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'partially_failed', total: 12, queued: 12, success: 11, failed: 1, pending: 0 });
    const ledger = await ctx.deps.db.selectFrom('balance_transactions').select(['kind', 'amount']).where('run_id', '=', runId).orderBy('id').execute();
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([['reserve', '120.00'], ['capture', '110.00'], ['release', '10.00']]);
    const company = await ctx.deps.db.selectFrom('companies').select('balance').where('id', '=', companyId).executeTakeFirstOrThrow();
    expect(company.balance).toBe('890.00');

    const detail = ResultCampaignDetail.parse((await request(app).get(`/api/results/campaigns/${id}`).set(bearer(user.token)).expect(200)).body);
    expect(detail.results).toMatchObject({ total: 12, success: 11, failure: 1, pending: 0 });
    expect(detail.results.byCode.find((c) => c.category === 'failure')).toMatchObject({ code: 7, count: 1, label: '결번/비가입자/서비스정지' });
    expect(detail.results.byCarrier.reduce((n, c) => n + c.count, 0)).toBe(12);

    // a second tick moves no more money
    await syncRunResults(ctx.deps);
    expect(await ctx.deps.db.selectFrom('balance_transactions').select('id').where('run_id', '=', runId).execute()).toHaveLength(3);
  });
});
