import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { pino } from 'pino';
import { quoteIdent } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { signInSuperAdmin } from '../../../test/auth-helpers.js';
import { createDeps, closeDeps } from '../../deps.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { CALLBACK, bearer, seedLineGroups, setupCompany } from '../campaigns/campaigns.test-helpers.js';
import { evaluateSpamTestsJob } from './evaluate-spam-tests.job.js';
import { evaluateSpamTests } from './spam-verdicts.service.js';
import { PHONES, TEST_TABLE, TOKEN, buildSpamApp, startSim, type SimHarness } from './spam-filter.test-helpers.js';

let ctx: TestContext;
let app: Express;
let sim: SimHarness;
let clockMs = Date.now();
const SYS = { type: 'system' as const, id: null };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.deps.now = () => new Date(clockMs);
  app = buildSpamApp(ctx.deps);
  await seedLineGroups(ctx);
  sim = await startSim(ctx, () => app);
});
afterAll(async () => {
  await sim?.fleet.stop();
  await ctx?.close();
});

const advance = (ms: number) => {
  clockMs += ms;
};
const evaluate = () => evaluateSpamTests(ctx.deps, ctx.deps.now());

async function queueRowsOf(testId: string, tables = [TEST_TABLE, 'SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3', 'SMSQ_SEND_11']) {
  const union = tables.map((t) => `SELECT '${t}' AS t, dest_no, msg_type, msg_contents FROM ${quoteIdent(t)} WHERE app_etc1 = ?`).join(' UNION ALL ');
  const [rows] = await ctx.deps.mysql.query(union, tables.map(() => testId));
  return rows as Array<{ t: string; dest_no: string; msg_type: string; msg_contents: string }>;
}

const verdicts = (body: { results: Array<{ carrier: string; messageType: string; verdict: string }> }) =>
  Object.fromEntries(body.results.map((r) => [`${r.carrier}/${r.messageType}`, r.verdict]));

/** Lets every open test finish (timeouts) so the next case starts with free phones and no cooldown. */
async function drain(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    advance(4 * 60_000);
    await sim.fleet.phones?.registerAll();
    await evaluate();
  }
}

describe('phone app API', () => {
  it('answers 401 to a wrong or missing X-Spam-Token and registers phones with the right one', async () => {
    const device = { carrier: 'KT', phone: '010-9002-9999', deviceId: 'tok-test' };
    await request(app).post('/api/spam-filter/devices').set('X-Spam-Token', 'wrong-token').send(device).expect(401);
    await request(app).post('/api/spam-filter/devices').send(device).expect(401);
    await request(app).post('/api/spam-filter/report').set('X-Spam-Token', `${TOKEN}x`)
      .send({ deviceId: 'sim-kt-01090020002', senderNumber: CALLBACK, messageContent: 'x', messageType: 'SMS' }).expect(401);
    expect(await ctx.deps.db.selectFrom('spam_test_devices').selectAll().where('device_id', '=', 'tok-test').execute()).toEqual([]);

    const ok = await request(app).post('/api/spam-filter/devices').set('X-Spam-Token', TOKEN).send(device).expect(200);
    expect(ok.body).toMatchObject({ deviceId: 'tok-test', carrier: 'KT' });
    await ctx.deps.db.updateTable('spam_test_devices').set({ active: false }).where('device_id', '=', 'tok-test').execute();

    const sa = await signInSuperAdmin(ctx);
    const list = await request(app).get('/api/admin/spam-filter/devices').set(bearer(sa.token)).expect(200);
    const sim3 = list.body.items.filter((d: { deviceId: string }) => d.deviceId.startsWith('sim-'));
    expect(sim3.map((d: { carrier: string; phone: string; online: boolean }) => [d.carrier, d.phone, d.online]).sort()).toEqual([
      ['KT', '010-****-0002', true], ['LGU', '010-****-0003', true], ['SKT', '010-****-0001', true],
    ]);
  });
});

describe('spam-filter test with the simulated phones', () => {
  it('gives received on two carriers and blocked where the KT rule matches; test line only; billed like a test send', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: '0807196701', billing_type: 'prepaid', balance: '1000' } });
    const created = await request(app).post('/api/spam-filter/tests').set(bearer(user.token)).send({
      callbackNumber: '02-1588-1234',
      sms: { body: '무료 대출 안내', isAd: true },
      lms: { subject: '안내', body: '봄맞이 상담 안내입니다.', isAd: false },
    }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'running', sms: { body: '(광고)무료 대출 안내\n무료거부0807196701' } });
    expect(created.body.results).toHaveLength(6);

    const rows = await queueRowsOf(id);
    expect(rows.map((r) => r.t)).toEqual(Array(6).fill(TEST_TABLE));
    expect(rows.filter((r) => r.msg_type === 'S').map((r) => r.dest_no).sort()).toEqual(Object.values(PHONES).sort());
    expect(rows.find((r) => r.msg_type === 'S')?.msg_contents).toBe('(광고)무료 대출 안내\n무료거부0807196701');

    // a second test within 60 s
    const again = await request(app).post('/api/spam-filter/tests').set(bearer(user.token)).send({ callbackNumber: CALLBACK, sms: { body: '다시', isAd: false } }).expect(429);
    expect(again.body.error.details.retryAfterSeconds).toBeGreaterThan(0);

    await sim.deliver();
    advance(5_000);
    await evaluate(); // sees the carrier's success for KT's SMS (no report yet)
    const mid = await request(app).get(`/api/spam-filter/tests/${id}`).set(bearer(user.token)).expect(200);
    expect(verdicts(mid.body)).toEqual({
      'SKT/S': 'received', 'KT/S': 'pending', 'LGU/S': 'received', 'SKT/L': 'received', 'KT/L': 'received', 'LGU/L': 'received',
    });
    advance(61_000);
    expect((await evaluate()).completed).toBe(1);

    const done = await request(app).get(`/api/spam-filter/tests/${id}`).set(bearer(user.token)).expect(200);
    expect(done.body.status).toBe('completed');
    expect(verdicts(done.body)['KT/S']).toBe('blocked');
    expect(done.body.results.find((r: { carrier: string; messageType: string }) => r.carrier === 'KT' && r.messageType === 'S'))
      .toMatchObject({ statusCode: 6, reportedAt: null });
    expect(done.body.results.map((r: { statusCode: number | null }) => r.statusCode).sort()).toEqual([1000, 1000, 1000, 6, 6, 6]);
    const ledger = await ctx.deps.db.selectFrom('balance_transactions').select(['kind', 'amount']).where('company_id', '=', companyId)
      .where('run_id', '=', id).orderBy('id').execute();
    expect(ledger).toEqual([{ kind: 'reserve', amount: '120.00' }, { kind: 'capture', amount: '120.00' }, { kind: 'release', amount: '0.00' }]);
    expect((await request(app).get('/api/spam-filter/active').set(bearer(user.token)).expect(200)).body).toEqual({ test: null });
    const history = await request(app).get('/api/spam-filter/tests').set(bearer(user.token)).expect(200);
    expect(history.body).toMatchObject({ total: 1, items: [{ id, status: 'completed' }] });
  });

  it('queues a concurrent test of another company and runs it when the phones are free; reports never cross companies', async () => {
    await drain();
    const a = await setupCompany(ctx);
    const b = await setupCompany(ctx);
    await addOptOuts(ctx.deps.db, SYS, b.companyId, [PHONES.LGU], 'manual');
    const testA = (await request(app).post('/api/spam-filter/tests').set(bearer(a.user.token))
      .send({ callbackNumber: CALLBACK, sms: { body: 'A사 안내 문자', isAd: false } }).expect(201)).body;
    const testB = (await request(app).post('/api/spam-filter/tests').set(bearer(b.user.token))
      .send({ callbackNumber: CALLBACK, sms: { body: 'B사 할인 문자', isAd: false } }).expect(201)).body;
    expect(testA.status).toBe('running');
    expect(testB).toMatchObject({ status: 'queued', queuePosition: 1, results: [] });
    expect(await queueRowsOf(testB.id)).toEqual([]);
    const active = await request(app).get('/api/spam-filter/active').set(bearer(b.user.token)).expect(200);
    expect(active.body.test).toMatchObject({ id: testB.id, status: 'queued' });
    await request(app).get(`/api/spam-filter/tests/${testA.id}`).set(bearer(b.user.token)).expect(404);

    // same sender number, B's content, while only A runs: stored for the operator, not matched to A
    const stray = await request(app).post('/api/spam-filter/report').set('X-Spam-Token', TOKEN)
      .send({ deviceId: `sim-skt-${PHONES.SKT}`, senderNumber: '02-1588-1234', messageContent: 'B사 할인 문자', messageType: 'SMS' }).expect(200);
    expect(stray.body).toEqual({ matched: false, testId: null });
    const sa = await signInSuperAdmin(ctx);
    const unmatched = await request(app).get('/api/admin/spam-filter/reports').set(bearer(sa.token)).expect(200);
    expect(unmatched.body.items[0]).toMatchObject({ senderNumber: CALLBACK, content: 'B사 할인 문자' });
    const mid = await request(app).get(`/api/spam-filter/tests/${testA.id}`).set(bearer(a.user.token)).expect(200);
    expect(verdicts(mid.body)['SKT/S']).toBe('pending');

    await sim.deliver();
    advance(5_000);
    await evaluate();
    const doneA = await request(app).get(`/api/spam-filter/tests/${testA.id}`).set(bearer(a.user.token)).expect(200);
    expect(doneA.body.status).toBe('completed');
    expect(verdicts(doneA.body)).toEqual({ 'SKT/S': 'received', 'KT/S': 'received', 'LGU/S': 'received' });

    const startedB = await request(app).get(`/api/spam-filter/tests/${testB.id}`).set(bearer(b.user.token)).expect(200);
    expect(startedB.body).toMatchObject({ status: 'running', excludedOptOut: 1 });
    expect((await queueRowsOf(testB.id)).map((r) => r.dest_no).sort()).toEqual([PHONES.SKT, PHONES.KT]);
    await sim.deliver();
    advance(5_000);
    await evaluate();
    const doneB = await request(app).get(`/api/spam-filter/tests/${testB.id}`).set(bearer(b.user.token)).expect(200);
    expect(doneB.body.status).toBe('completed');
    expect(verdicts(doneB.body)).toEqual({ 'SKT/S': 'received', 'KT/S': 'received' });
  });

  it('still produces verdicts after the worker dies mid-test (even between the commit and the queue insert)', async () => {
    await drain();
    const { user } = await setupCompany(ctx);
    const test = (await request(app).post('/api/spam-filter/tests').set(bearer(user.token))
      .send({ callbackNumber: CALLBACK, sms: { body: '무료 대출 재시작 확인', isAd: false } }).expect(201)).body;
    // as if the process died after committing the start and before MySQL had the rows
    await ctx.deps.mysql.query(`DELETE FROM ${TEST_TABLE} WHERE app_etc1 = ?`, [test.id]);
    await ctx.deps.db.updateTable('spam_tests').set({ sent_at: null }).where('id', '=', test.id).execute();

    const fresh = createDeps(ctx.config, pino({ level: 'silent' }));
    fresh.now = () => new Date(clockMs);
    const log = pino({ level: 'silent' });
    const runJob = () => evaluateSpamTestsJob.handler({}, { deps: { ...fresh, mysqlAdmin: fresh.mysql }, log, jobId: 'restart', attempt: 1 });
    try {
      expect(evaluateSpamTestsJob.repeat).toEqual({ every: 15_000 });
      await runJob();
      await runJob();
      expect(await queueRowsOf(test.id)).toHaveLength(3);
      await sim.deliver();
      advance(5_000);
      await runJob();
      advance(61_000);
      await runJob();
    } finally {
      await closeDeps(fresh);
    }
    const done = await request(app).get(`/api/spam-filter/tests/${test.id}`).set(bearer(user.token)).expect(200);
    expect(done.body.status).toBe('completed');
    expect(verdicts(done.body)).toEqual({ 'SKT/S': 'received', 'KT/S': 'blocked', 'LGU/S': 'received' });
  });

  it('judges a phone whose app has not been seen for 10 minutes inconclusive, never blocked', async () => {
    await drain();
    advance(11 * 60_000);
    for (const [carrier, phone] of [['SKT', PHONES.SKT], ['LGU', PHONES.LGU]] as const) {
      await request(app).post('/api/spam-filter/devices').set('X-Spam-Token', TOKEN)
        .send({ carrier, phone, deviceId: `sim-${carrier.toLowerCase()}-${phone}` }).expect(200);
    }
    const { user } = await setupCompany(ctx);
    const test = (await request(app).post('/api/spam-filter/tests').set(bearer(user.token))
      .send({ callbackNumber: CALLBACK, sms: { body: '무료 대출 오프라인 폰', isAd: false } }).expect(201)).body;
    await sim.deliver();
    advance(5_000);
    await evaluate();
    advance(61_000);
    await evaluate();
    const done = await request(app).get(`/api/spam-filter/tests/${test.id}`).set(bearer(user.token)).expect(200);
    expect(verdicts(done.body)).toEqual({ 'SKT/S': 'received', 'KT/S': 'inconclusive', 'LGU/S': 'received' });
    const sa = await signInSuperAdmin(ctx);
    const devices = await request(app).get('/api/admin/spam-filter/devices').set(bearer(sa.token)).expect(200);
    expect(devices.body.items.find((d: { deviceId: string }) => d.deviceId === `sim-kt-${PHONES.KT}`).online).toBe(false);
  });

  it('times out messages the carrier never reports, and refuses a second open test of the company with 409', async () => {
    await drain();
    const { user } = await setupCompany(ctx);
    sim.fleet.pause(TEST_TABLE);
    try {
      const test = (await request(app).post('/api/spam-filter/tests').set(bearer(user.token))
        .send({ callbackNumber: CALLBACK, sms: { body: '응답 없는 통신사', isAd: false } }).expect(201)).body;
      advance(61_000);
      await request(app).post('/api/spam-filter/tests').set(bearer(user.token)).send({ callbackNumber: CALLBACK, sms: { body: '또', isAd: false } }).expect(409);
      await evaluate();
      advance(2 * 60_000);
      await evaluate();
      const done = await request(app).get(`/api/spam-filter/tests/${test.id}`).set(bearer(user.token)).expect(200);
      expect(done.body.status).toBe('completed');
      expect(verdicts(done.body)).toEqual({ 'SKT/S': 'timeout', 'KT/S': 'timeout', 'LGU/S': 'timeout' });
    } finally {
      sim.fleet.resume(TEST_TABLE);
    }
  });

  it('refuses builder errors and unregistered callbacks with 400 and writes nothing', async () => {
    await drain();
    const { companyId, user } = await setupCompany(ctx);
    const noOptOutNumber = await request(app).post('/api/spam-filter/tests').set(bearer(user.token))
      .send({ callbackNumber: CALLBACK, sms: { body: '광고 문자', isAd: true } }).expect(400);
    expect(noOptOutNumber.body.error.code).toBe('validation_failed');
    await request(app).post('/api/spam-filter/tests').set(bearer(user.token))
      .send({ callbackNumber: CALLBACK, sms: { body: '가'.repeat(46), isAd: false } }).expect(400);
    await request(app).post('/api/spam-filter/tests').set(bearer(user.token))
      .send({ callbackNumber: '0299998888', sms: { body: '안내', isAd: false } }).expect(400);
    await request(app).post('/api/spam-filter/tests').set(bearer(user.token)).send({ callbackNumber: CALLBACK }).expect(400);
    expect(await ctx.deps.db.selectFrom('spam_tests').selectAll().where('company_id', '=', companyId).execute()).toEqual([]);
  });
});
