import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import express, { type Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { archiveRows, dbMonthOffset } from '../qtmsg/qtmsg.test-helpers.js';
import { dispatchRun } from '../campaigns/dispatch.service.js';
import { campaignRoutes } from '../campaigns/campaigns.routes.js';
import { bearer, insertCustomers, runOf, seedLineGroups, setupCompany, smsBody } from '../campaigns/campaigns.test-helpers.js';
import { resultRoutes } from './results.routes.js';
import { syncRunResults } from './result-sync.service.js';
import { csvCell } from './csv.js';

let ctx: TestContext;
let app: Express;

beforeAll(async () => {
  ctx = await createTestContext();
  app = express().use(requestLogger(ctx.deps.logger)).use(express.json()).use(campaignRoutes(ctx.deps)).use(resultRoutes(ctx.deps)).use(errorHandler);
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

describe('results', () => {
  it('reads a run split between live and log tables, finishes it and settles once', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { billing_type: 'prepaid', balance: '1000' } });
    await insertCustomers(ctx, companyId, 30, '8');
    const id = (await request(app).post('/api/campaigns').set(bearer(user.token)).send(smsBody({ body: '=HYPERLINK("x") 안내' })).expect(201)).body.id;
    const sent = await request(app).post(`/api/campaigns/${id}/send`).set(bearer(user.token)).set('Idempotency-Key', 'results-key-1').send({}).expect(202);
    const runId = sent.body.run.id as string;
    await dispatchRun(ctx.deps, companyId, runId);
    await ctx.deps.mysql.query(`UPDATE SMSQ_SEND_1 SET rsv1 = '4', status_code = 6, mob_company = '11' WHERE app_etc1 = ?`, [runId]);
    await ctx.deps.mysql.query(`UPDATE SMSQ_SEND_1 SET status_code = 7 WHERE app_etc1 = ? ORDER BY seqno LIMIT 4`, [runId]);
    expect((await syncRunResults(ctx.deps)).finished).toBe(1);
    const ym = await dbMonthOffset(ctx.deps.mysql, 0);
    // the agent moves half of the rows to the monthly log table
    expect(await archiveRows(ctx.deps.mysql, 'SMSQ_SEND_1', ym, 'app_etc1 = ? AND seqno % 2 = 0', [runId])).toBe(15);

    const detail = await request(app).get(`/api/results/campaigns/${id}`).set(bearer(user.token)).expect(200);
    expect(detail.body.results).toMatchObject({ total: 30, success: 26, failure: 4, pending: 0 });
    expect(detail.body.results.byCode.find((c: { code: number }) => c.code === 7)).toMatchObject({ count: 4, category: 'failure' });
    expect(detail.body.results.byCarrier).toEqual([{ carrier: 'SKT', label: expect.any(String), count: 30 }]);
    expect(await runOf(ctx, companyId, id)).toMatchObject({ status: 'partially_failed', success: 26, failed: 4 });

    const page = await request(app).get(`/api/results/campaigns/${id}/messages?page=2&pageSize=10&status=success`).set(bearer(user.token)).expect(200);
    expect(page.body).toMatchObject({ total: 26, page: 2 });
    expect(page.body.items).toHaveLength(10);

    const csv = await request(app).get(`/api/results/campaigns/${id}/export.csv`).set(bearer(user.token)).buffer(true).parse((res, cb) => {
      let data = '';
      res.on('data', (c: Buffer) => { data += c.toString('utf8'); });
      res.on('end', () => cb(null, data));
    }).expect(200);
    expect(csv.body.startsWith('\uFEFF"수신번호"')).toBe(true);
    expect(csv.body.trim().split('\r\n')).toHaveLength(31);

    const kst = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const summary = await request(app).get(`/api/results/summary?from=${kst}&to=${kst}`).set(bearer(user.token)).expect(200);
    expect(summary.body).toMatchObject({ campaigns: 1, sent: 30, success: 26, failed: 4, cost: '260.00' });
    const list = await request(app).get('/api/results/campaigns').set(bearer(user.token)).expect(200);
    expect(list.body.items[0]).toMatchObject({ campaignId: id, success: 26 });

    await syncRunResults(ctx.deps);
    const ledger = await ctx.deps.db.selectFrom('balance_transactions').select(['kind', 'amount']).where('run_id', '=', runId).orderBy('id').execute();
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([['reserve', '300.00'], ['capture', '260.00'], ['release', '40.00']]);
  });

  it('escapes spreadsheet formulas in CSV cells', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('-3')).toBe(`"'-3"`);
    expect(csvCell('a"b')).toBe('"a""b"');
  });
});
