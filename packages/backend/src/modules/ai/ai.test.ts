import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'kysely';
import { GenerateMessageResult, MapColumnsResult, RecommendTargetResult, buildMergeCatalog, buildMessage } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers } from '../../../test/auth-helpers.js';
import { seedDemoCustomers } from './ai.test-helpers.js';

let ctx: TestContext;
let NOW = new Date('2026-11-30T03:00:00Z'); // 12:00 KST
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.deps.now = () => NOW;
});
afterAll(async () => {
  await ctx?.close();
});

describe('AI assistant, offline engine (no API key)', () => {
  it('turns "30대 여성 VIP 고객에게 봄 신상 20% 할인 안내" into an exact target and three SMS ad variants', async () => {
    const { companyId, user } = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: '0807196700' } });
    await seedDemoCustomers(ctx, companyId, 3000, '2026-11-30');
    const res = await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: '30대 여성 VIP 고객에게 봄 신상 20% 할인 안내' }).expect(200);
    const body = RecommendTargetResult.parse(res.body);
    expect(body.filter).toEqual({
      op: 'and',
      conditions: expect.arrayContaining([
        { field: 'gender', operator: 'eq', value: 'F' },
        { field: 'age', operator: 'age_band', value: { from: 30, to: 39 } },
        { field: 'grade', operator: 'eq', value: 'VIP' },
      ]),
    });
    expect(body).toMatchObject({ isAd: true, engine: 'offline', channel: 'SMS' });
    expect(body.note).toBeUndefined();

    // 만 30–39 on 2026-11-30 KST: born after 1986-11-30 and on/before 1996-11-30
    const direct = await sql<{ matched: string; opted_out: string; final: string }>`
      SELECT count(*) AS matched, count(o.phone) AS opted_out,
        count(DISTINCT c.phone) FILTER (WHERE o.phone IS NULL AND c.sms_opt_in) AS final
      FROM customers c LEFT JOIN opt_outs o ON o.company_id = c.company_id AND o.phone = c.phone
      WHERE c.company_id = ${companyId} AND c.gender = 'F' AND c.grade = 'VIP'
        AND c.birth_date > DATE '1986-11-30' AND c.birth_date <= DATE '1996-11-30'`.execute(ctx.deps.db);
    const row = direct.rows[0]!;
    expect(Number(row.final)).toBeGreaterThan(0);
    expect(body.counts).toMatchObject({ matched: Number(row.matched), optedOut: Number(row.opted_out), final: Number(row.final) });
    // 12:00 KST now: the next 10-minute step after a 10-minute lead, inside the ad window
    expect(body.suggestedSendAt).toBe('2026-11-30T12:10:00+09:00');

    const gen = await request(ctx.app).post('/api/ai/generate-message').set(bearer(user.token))
      .send({ prompt: '30대 여성 VIP 고객에게 봄 신상 20% 할인 안내', channel: 'SMS', isAd: true, variables: body.variables }).expect(200);
    const copy = GenerateMessageResult.parse(gen.body);
    expect(copy.variants.map((v) => v.name)).toEqual(['감성형', '혜택강조형', 'MZ감성형']);
    const longest = await sql<{ name: string; grade: string }>`
      SELECT (SELECT name FROM customers WHERE company_id = ${companyId} ORDER BY octet_length(name) DESC LIMIT 1) AS name,
        (SELECT grade FROM customers WHERE company_id = ${companyId} ORDER BY octet_length(grade) DESC LIMIT 1) AS grade`.execute(ctx.deps.db);
    for (const v of copy.variants) {
      const built = buildMessage({ type: 'SMS', body: v.body, isAd: true, optOut080: '0807196700', catalog: buildMergeCatalog(), longestValues: { 이름: longest.rows[0]!.name, 등급: longest.rows[0]!.grade } });
      expect(built.errors).toEqual([]);
      expect(v.bytes).toBe(built.bytes);
      expect(built.bytes).toBeLessThanOrEqual(90);
      expect(built.body).toMatch(/^\(광고\)/);
      expect(built.body.endsWith('\n무료거부0807196700')).toBe(true);
      expect(v.body).toContain('20%');
    }
  });

  it('never suggests an ad in the night window or in the past; informational messages keep the time', async () => {
    NOW = new Date('2026-11-30T12:30:00Z'); // 21:30 KST (sign in after the clock moves: sessions read it too)
    try {
      const { user } = await createCompanyWithUsers(ctx);
      const ad = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: '전체 고객에게 연말 세일' }).expect(200)).body);
      expect(ad).toMatchObject({ filter: { all: true }, isAd: true, suggestedSendAt: '2026-12-01T08:00:00+09:00' });
      const info = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: '모든 고객에게 배송 지연 안내' }).expect(200)).body);
      expect(info).toMatchObject({ isAd: false, suggestedSendAt: '2026-11-30T21:40:00+09:00' });
      const asked = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: '내일 오후 3시에 VIP 쿠폰' }).expect(200)).body);
      expect(asked.suggestedSendAt).toBe('2026-12-01T15:00:00+09:00');
      const past = RecommendTargetResult.parse((await request(ctx.app).post('/api/ai/recommend-target').set(bearer(user.token)).send({ prompt: '오늘 오전 10시에 쿠폰' }).expect(200)).body);
      expect(past.suggestedSendAt).toBe('2026-12-01T08:00:00+09:00');
    } finally {
      NOW = new Date('2026-11-30T03:00:00Z');
    }
  });

  it('refuses unknown variables and notes a missing 080 number', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const bad = await request(ctx.app).post('/api/ai/generate-message').set(bearer(user.token)).send({ prompt: '쿠폰 안내', channel: 'SMS', isAd: true, variables: ['쿠폰코드'] }).expect(400);
    expect(bad.body.error.message).toContain('%쿠폰코드%');
    const lms = GenerateMessageResult.parse((await request(ctx.app).post('/api/ai/generate-message').set(bearer(user.token)).send({ prompt: '강남점 리뉴얼 오픈 5천원 쿠폰', channel: 'LMS', isAd: true, variables: ['이름'] }).expect(200)).body);
    expect(lms.variants).toHaveLength(3);
    for (const v of lms.variants) expect(v.subject).toBeTruthy();
    expect(lms.note).toContain('080');
  });

  it('maps column names with the dictionary, for the upload screen and the Sync Agent alike', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const res = await request(ctx.app).post('/api/ai/map-columns').set(bearer(user.token)).send({ target: 'customers', columns: ['HP_NO', '고객명', 'SEX', 'ETC'] }).expect(200);
    expect(MapColumnsResult.parse(res.body)).toEqual({ mapping: { HP_NO: 'phone', 고객명: 'name', SEX: 'gender', ETC: null }, engine: 'offline', model: 'dictionary', cacheHit: false, tokensIn: 0, tokensOut: 0 });
  });

  it('limits a company to 20 AI requests a minute with a Korean 429', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const send = () => request(ctx.app).post('/api/ai/map-columns').set(bearer(user.token)).send({ target: 'purchases', columns: ['금액'] });
    for (let i = 0; i < 20; i += 1) expect((await send()).status).toBe(200);
    const limited = await send().expect(429);
    expect(limited.body.error).toMatchObject({ code: 'too_many_requests' });
    expect(limited.body.error.message).toContain('1분에 20회');
    const other = await createCompanyWithUsers(ctx);
    await request(ctx.app).post('/api/ai/map-columns').set(bearer(other.user.token)).send({ target: 'purchases', columns: ['금액'] }).expect(200);
  });

  it('is for company users only', async () => {
    await request(ctx.app).post('/api/ai/recommend-target').send({ prompt: 'VIP 쿠폰' }).expect(401);
  });
});
