import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { GenerateMessageResult, MapColumnsResult, RecommendTargetResult, SyncAiMappingData } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';
import { createSyncCompany } from '../sync/sync.test-helpers.js';
import { previewTarget } from '../targeting/targeting.service.js';
import { startFakeMessagesApi, type FakeMessagesApi } from './fake-messages-api.test-helpers.js';
import { seedDemoCustomers } from './ai.test-helpers.js';

let ctx: TestContext;
let fake: FakeMessagesApi;
const NOW = new Date('2026-11-30T03:00:00Z'); // 12:00 KST
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const PROMPT = '30대 여성 VIP 고객에게 봄 신상 20% 할인 안내 010-1234-5678';
const TARGET = {
  filter: { op: 'and', conditions: [{ field: 'gender', operator: 'eq', value: 'F' }, { field: 'age', operator: 'age_band', value: { from: 30, to: 39 } }, { field: 'grade', operator: 'eq', value: 'VIP' }] },
  reasoning: '30대 여성 VIP 고객을 대상으로 봄 신상품 할인을 알리는 광고입니다.',
  isAd: true,
  channel: 'SMS',
  channelReason: '짧은 할인 안내라 SMS가 적합합니다.',
  campaignName: '봄 신상 20% 할인 - 30대 여성 VIP',
  variables: ['이름'],
  sendAt: '2026-12-01T10:00',
};

beforeAll(async () => {
  fake = await startFakeMessagesApi();
  ctx = await createTestContext({ env: { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_MODEL: 'claude-test-model', AI_TIMEOUT_MS: '1000', AI_MONTHLY_CALLS_PER_COMPANY: '50' } });
  ctx.deps.now = () => NOW;
});
afterAll(async () => {
  await ctx?.close();
  await fake?.close();
});

let companies = 0;
async function companyWithCustomers() {
  companies += 1;
  const { companyId, user } = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: `080719${String(6700 + companies)}` } });
  await seedDemoCustomers(ctx, companyId, 400, '2026-11-30');
  return { companyId, user };
}

describe('AI assistant, online (local fake of the Messages API)', () => {
  it('uses the LLM filter, counts it with the send compiler, and sends no customer data', async () => {
    const { companyId, user } = await companyWithCustomers();
    const before = fake.received.length;
    fake.reply({ kind: 'json', value: TARGET });
    const res = await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: PROMPT }).expect(200);
    const body = RecommendTargetResult.parse(res.body);
    expect(body).toMatchObject({ engine: 'anthropic', isAd: true, filter: TARGET.filter, campaignName: TARGET.campaignName, suggestedSendAt: '2026-12-01T10:00:00+09:00' });
    expect(body.note).toBeUndefined();
    const direct = await previewTarget(ctx.deps, { companyId, storeCodes: null, userId: null, role: 'company_user' }, body.filter, { isAd: true });
    expect(body.counts.final).toBe(direct.final);

    expect(fake.received.length).toBe(before + 1);
    const sent = fake.received[before]!;
    expect(JSON.stringify(sent.headers)).toContain('sk-ant-test-key');
    expect(sent.body.model).toBe('claude-test-model');
    const text = JSON.stringify(sent.body);
    expect(text).toContain('VIP');
    expect(text).toContain('강남점');
    expect(text).not.toContain('010-1234-5678');
    const rows = await ctx.deps.db.selectFrom('customers').select(['phone', 'name']).where('company_id', '=', companyId).execute();
    for (const r of rows) {
      expect(text).not.toContain(r.phone);
      expect(text).not.toContain(r.phone.slice(3));
      if (r.name) expect(text).not.toContain(r.name);
    }
  });

  it('retries once when the filter names a value the company does not have', async () => {
    const { user } = await companyWithCustomers();
    const before = fake.received.length;
    fake.reply(
      { kind: 'json', value: { ...TARGET, filter: { op: 'and', conditions: [{ field: 'grade', operator: 'eq', value: 'PLATINUM' }] } } },
      { kind: 'json', value: TARGET },
    );
    const body = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: PROMPT }).expect(200)).body);
    expect(body.engine).toBe('anthropic');
    expect(fake.received.length).toBe(before + 2);
    expect(fake.received[before + 1]!.body.messages[0]!.content).toContain('PLATINUM');
  });

  it('falls back to the offline engine and says so after two malformed replies', async () => {
    const { user } = await companyWithCustomers();
    const before = fake.received.length;
    fake.reply({ kind: 'text', text: '죄송하지만 {filter: 여성' }, { kind: 'text', text: 'not json at all' });
    const body = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: PROMPT }).expect(200)).body);
    expect(fake.received.length).toBe(before + 2);
    expect(body.engine).toBe('offline');
    expect(body.note).toContain('기본 규칙 엔진');
    expect(body.filter).toMatchObject({ op: 'and' });
  });

  it('falls back when the API does not answer in time', async () => {
    const { user } = await companyWithCustomers();
    fake.reply({ kind: 'hang' });
    const started = Date.now();
    const body = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: PROMPT }).expect(200)).body);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(body).toMatchObject({ engine: 'offline', isAd: true });
    expect(body.note).toContain('AI 서버');
    fake.reply({ kind: 'status', status: 529 });
    const overloaded = GenerateMessageResult.parse((await request(ctx.app).post('/api/ai/generate-message').set(bearer(user.token)).send({ prompt: PROMPT, channel: 'SMS', isAd: true, variables: ['이름'] }).expect(200)).body);
    expect(overloaded).toMatchObject({ engine: 'offline' });
    expect(overloaded.variants).toHaveLength(3);
  });

  it('repairs emoji and ad labels, and regenerates copy that invents a discount', async () => {
    const { user } = await companyWithCustomers();
    const before = fake.received.length;
    const good = [
      { name: '감성형', concept: '따뜻하게', body: '(광고)%이름%님, 봄 신상 20% 할인 소식이에요 🌸' },
      { name: '혜택강조형', concept: '혜택 먼저', body: '봄 신상 20% 할인! 지금 확인하세요' },
      { name: 'MZ감성형', concept: '경쾌하게', body: '봄 신상 20% 할인 찬스! 득템 고고\n무료거부0801112222' },
    ];
    fake.reply(
      { kind: 'json', value: { variants: [good[0], { ...good[1], body: '봄 신상 50% 할인에 무료배송까지!' }, good[2]] } },
      { kind: 'json', value: { variants: good } },
    );
    const res = GenerateMessageResult.parse((await request(ctx.app).post('/api/ai/generate-message').set(bearer(user.token)).send({ prompt: PROMPT, channel: 'SMS', isAd: true, variables: ['이름'] }).expect(200)).body);
    expect(res.engine).toBe('anthropic');
    expect(fake.received.length).toBe(before + 2);
    expect(fake.received[before + 1]!.body.messages[0]!.content).toContain('50');
    expect(res.variants.map((v) => v.body)).toEqual(['%이름%님, 봄 신상 20% 할인 소식이에요', '봄 신상 20% 할인! 지금 확인하세요', '봄 신상 20% 할인 찬스! 득템 고고']);
    for (const v of res.variants) expect(v.bytes).toBeLessThanOrEqual(90);
  });

  it('maps columns with the LLM once, then from the cache — also for the Sync Agent', async () => {
    const { company, headers } = await createSyncCompany(ctx.deps);
    const user = await signInUser(ctx, company.id, 'user');
    const columns = ['HP_NO', 'CUST_NM', 'MBR_GRD', 'ETC1'];
    const before = fake.received.length;
    fake.reply({ kind: 'json', value: { mapping: { HP_NO: 'phone', CUST_NM: 'name', MBR_GRD: 'grade', ETC1: null } } });
    const first = MapColumnsResult.parse((await request(ctx.app).post('/api/ai/map-columns').set(bearer(user.token)).send({ target: 'customers', columns }).expect(200)).body);
    expect(first).toMatchObject({ engine: 'anthropic', cacheHit: false, mapping: { HP_NO: 'phone', CUST_NM: 'name', MBR_GRD: 'grade', ETC1: null } });
    expect(JSON.stringify(fake.received[before]!.body)).toContain('CUST_NM');
    const sync = await request(ctx.app).post('/api/sync/ai-mapping').set(headers).send({ target: 'customers', columns }).expect(200);
    expect(SyncAiMappingData.parse(sync.body.data)).toMatchObject({ mapping: first.mapping, modelUsed: 'claude-test-model', cacheHit: true });
    expect(fake.received.length).toBe(before + 1);
  });

  it('refuses with a Korean 429 when the monthly budget is used up', async () => {
    const { companyId, user } = await companyWithCustomers();
    await ctx.deps.redis.set(`${ctx.config.redisPrefix}:ai:budget:${companyId}:2026-11`, '50');
    const res = await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: PROMPT }).expect(429);
    expect(res.body.error.message).toContain('이번 달 AI 사용 한도');
  });
});
