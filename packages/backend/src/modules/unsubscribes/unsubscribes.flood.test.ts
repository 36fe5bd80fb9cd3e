import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../app.js';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { signInUser } from '../../../test/auth-helpers.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import { dispatchRun } from '../campaigns/dispatch.service.js';
import { CALLBACK, bearer, insertCustomers, queueRows, runOf, seedLineGroups, setupCompany, smsBody } from '../campaigns/campaigns.test-helpers.js';
import { fireCallbacks, seededRandom, shuffle, type SimulatedCallback } from './callback-080.test-helpers.js';

let ctx: TestContext;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedLineGroups(ctx);
  server = createApp(ctx.deps).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await ctx?.close();
});

const TOKEN = 'dev-080-token';
const mobile = (prefix: string, i: number) => `010${prefix}${String(i).padStart(8 - prefix.length, '0')}`;
const optedOut = async (companyId: string, source?: '080' | 'manual') => {
  let q = ctx.deps.db.selectFrom('opt_outs').select('phone').where('company_id', '=', companyId);
  if (source) q = q.where('source', '=', source);
  return new Set((await q.execute()).map((r) => r.phone));
};

describe('10,000 Narae callbacks, then a send on every path', () => {
  it('stores exactly the valid unique callers, answers each correctly, and every send path excludes them', async () => {
    const random = seededRandom(7);
    const [a, b, c] = [
      await setupCompany(ctx, { company: { opt_out_080_number: '0807000001' } }),
      await setupCompany(ctx, { company: { opt_out_080_number: '0807000002' } }),
      await setupCompany(ctx, { company: { opt_out_080_number: '0807000003' } }),
    ];
    const customersA = await insertCustomers(ctx, a.companyId, 3000, '7'); // 0107000000…0107002999
    const validA = customersA.slice(0, 2600);
    const reachableA = customersA.slice(2600); // only refused callbacks name these
    const preListed = validA.slice(0, 50);
    await addOptOuts(ctx.deps.db, { type: 'system', id: null }, a.companyId, preListed, 'manual');

    const valid: SimulatedCallback[] = [
      ...validA.map((cid) => ({ cid, fr: '0807000001', token: TOKEN })),
      ...Array.from({ length: 1500 }, (_, i) => ({ cid: mobile('81', i), fr: '080-700-0002', token: TOKEN })),
      ...Array.from({ length: 1500 }, (_, i) => ({ cid: mobile('82', i), fr: '0807000003', token: TOKEN })),
    ];
    const duplicates = Array.from({ length: 1500 }, () => valid[Math.floor(random() * valid.length)]!);
    const refused: SimulatedCallback[] = [
      ...reachableA.map((cid) => ({ cid, fr: '0807000001', token: 'wrong-token' })),
      ...Array.from({ length: 400 }, (_, i) => ({ cid: mobile('83', i), fr: '0807000002', token: `${TOKEN}x` })),
      ...reachableA.map((cid, i) => ({ cid, fr: '0807000001', token: TOKEN, forwardedFor: `203.0.113.${i % 250}` })),
      ...Array.from({ length: 400 }, (_, i) => ({ cid: mobile('84', i), fr: '0807000003', token: TOKEN, forwardedFor: '198.51.100.9' })),
      ...Array.from({ length: 500 }, (_, i) => ({ cid: mobile('85', i), fr: '0807999999', token: TOKEN })),
      ...Array.from({ length: 300 }, (_, i) => ({ cid: i % 2 ? `0212${String(i).padStart(6, '0')}` : `abc${i}`, fr: '0807000002', token: TOKEN })),
    ];
    const calls = shuffle([...valid, ...duplicates, ...refused].map((call) => ({ call, ok: !refused.includes(call) })), random);
    // 500 more duplicates fired right after their original, so both are in flight at once
    for (let i = 0; i < 500; i++) {
      const original = valid[i * 11]!;
      calls.splice(calls.findIndex((x) => x.call === original) + 1, 0, { call: original, ok: true });
    }
    expect(calls).toHaveLength(10_000);
    expect(calls.filter((x) => !x.ok)).toHaveLength(2400);

    const { answers, wallMs } = await fireCallbacks(baseUrl, calls.map((x) => x.call), 50);
    const wrong = answers.map((ans, i) => [i, ans, calls[i]!.ok ? '200:1' : '200:0'] as const).filter(([, ans, want]) => ans !== want);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(wallMs).toBeLessThan(150_000);

    const expectedA = new Set(validA.filter((p) => !preListed.includes(p)));
    expect(await optedOut(a.companyId, '080')).toEqual(expectedA);
    expect(await optedOut(a.companyId, 'manual')).toEqual(new Set(preListed));
    expect(await optedOut(b.companyId)).toEqual(new Set(valid.filter((v) => v.fr.includes('700-0002')).map((v) => v.cid)));
    expect(await optedOut(c.companyId)).toEqual(new Set(valid.filter((v) => v.fr === '0807000003').map((v) => v.cid)));
    const strays = await ctx.deps.db.selectFrom('opt_outs').select('phone').where('phone', 'in', [...refused.map((r) => r.cid), ...reachableA]).execute();
    expect(strays).toEqual([]);

    const logs = await ctx.deps.db.selectFrom('callback_080_logs').select(['result', 'reason']).select((eb) => eb.fn.countAll<string>().as('n'))
      .groupBy(['result', 'reason']).execute();
    expect(Object.fromEntries(logs.map((l) => [`${l.result}/${l.reason ?? '-'}`, Number(l.n)]))).toEqual({
      'stored/-': 5600 - 50,
      'already_listed/-': 2000 + 50,
      'refused/bad_token': 800,
      'refused/ip_not_allowed': 800,
      'refused/unknown_number': 500,
      'refused/invalid_cid': 300,
    });

    // a callback one moment before each send is honoured too
    const late = async (phone: string) => expect((await fireCallbacks(baseUrl, [{ cid: phone, fr: '0807000001', token: TOKEN }], 1)).answers).toEqual(['200:1']);

    // 1. campaign "send now" through the API, to all of A's customers
    const campaignId = (await request(ctx.app).post('/api/campaigns').set(bearer(a.user.token)).send(smsBody()).expect(201)).body.id as string;
    await late(reachableA[0]!);
    const sent = await request(ctx.app).post(`/api/campaigns/${campaignId}/send`).set(bearer(a.user.token)).set('Idempotency-Key', 'flood-send-1').send({}).expect(202);
    await dispatchRun(ctx.deps, a.companyId, sent.body.run.id);
    const campaignRows = (await queueRows(ctx, sent.body.run.id)).map((r) => String(r['dest_no']));
    expect(campaignRows.sort()).toEqual(reachableA.slice(1).sort());
    expect(await runOf(ctx, a.companyId, campaignId)).toMatchObject({ excluded_opt_out: 2601, total: 399 });

    // 2. direct send by a user created after the callbacks (opt-outs are the company's, not a user's)
    const newcomer = await signInUser(ctx, a.companyId, 'user');
    await late(reachableA[1]!);
    const text = [...validA.slice(100, 120), ...reachableA.slice(1, 6)].join('\n');
    const direct = await request(ctx.app).post('/api/direct-sends').set(bearer(newcomer.token)).set('Idempotency-Key', 'flood-direct-1')
      .send({ text, messageType: 'SMS', body: '안내드립니다', isAd: false, callback: { mode: 'fixed', number: CALLBACK } }).expect(202);
    await dispatchRun(ctx.deps, a.companyId, direct.body.campaign.run.id);
    expect((await queueRows(ctx, direct.body.campaign.run.id)).map((r) => String(r['dest_no'])).sort()).toEqual(reachableA.slice(2, 6).sort());

    // 3. test send to test contacts, one of whom called the 080 number
    for (const phone of [validA[200]!, reachableA[6]!, reachableA[7]!]) {
      await request(ctx.app).post('/api/test-contacts').set(bearer(newcomer.token)).send({ name: '테스터', phone }).expect(201);
    }
    await late(reachableA[7]!);
    const test = await request(ctx.app).post(`/api/campaigns/${campaignId}/test-send`).set(bearer(newcomer.token)).send({}).expect(201);
    expect(test.body).toMatchObject({ total: 1, excludedOptOut: 2 });
    expect((await queueRows(ctx, test.body.runId, ['SMSQ_SEND_10'])).map((r) => r['dest_no'])).toEqual([reachableA[6]]);
  }, 180_000);
});
