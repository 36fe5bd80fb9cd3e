import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';
import { createSyncCompany, syncTestApp } from '../sync/sync.test-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const listOf = async (token: string) =>
  (await request(ctx.app).get('/api/opt-outs').set(bearer(token)).expect(200)).body.items.map((i: { phone: string; source: string }) => [i.phone, i.source]);

describe('other ways onto the list (all through addOptOuts)', () => {
  it('marking a customer 수신거부 in the customer DB lists the phone with source customer', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const created = await request(ctx.app).post('/api/customers').set(bearer(user.token)).send({ phone: '010-3100-0001', smsOptIn: true }).expect(201);
    expect(await listOf(user.token)).toEqual([]);
    await request(ctx.app).patch(`/api/customers/${created.body.id}`).set(bearer(user.token)).send({ smsOptIn: false }).expect(200);
    expect(await listOf(user.token)).toEqual([['01031000001', 'customer']]);
    const check = await request(ctx.app).post('/api/opt-outs/check').set(bearer(user.token)).send({ phones: ['01031000001'] }).expect(200);
    expect(check.body.optedOut).toEqual(['01031000001']);
  });

  it('a synced sms_opt_in=false lists the phone with source sync', async () => {
    const { company, headers } = await createSyncCompany(ctx.deps);
    const user = await signInUser(ctx, company.id, 'user');
    const sync = syncTestApp(ctx.deps, { rateLimitPerMinute: 10_000 });
    await request(sync).post('/api/sync/customers').set(headers).send({ customers: [{ phone: '01031000002', sms_opt_in: 'Y' }], mode: 'incremental' }).expect(200);
    expect(await listOf(user.token)).toEqual([]);
    await request(sync).post('/api/sync/customers').set(headers).send({ customers: [{ phone: '010-3100-0002', sms_opt_in: '거부' }], mode: 'incremental' }).expect(200);
    expect(await listOf(user.token)).toEqual([['01031000002', 'sync']]);
  });
});
