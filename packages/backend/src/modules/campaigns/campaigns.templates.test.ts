import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import express, { type Express } from 'express';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { signInUser } from '../../../test/auth-helpers.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { templateRoutes } from '../templates/templates.routes.js';
import { campaignRoutes } from './campaigns.routes.js';
import { dispatchRun } from './dispatch.service.js';
import { sendCampaign } from './send.service.js';
import { CALLBACK, bearer, insertCustomers, queueRows, seedLineGroups, setupCompany } from './campaigns.test-helpers.js';

/** Campaigns created from saved message templates: the template fills what the request leaves out. */

let ctx: TestContext;
let app: Express;
let n080 = 0;
const next080 = () => `0806${String(++n080).padStart(6, '0')}`;

beforeAll(async () => {
  ctx = await createTestContext();
  app = express().use(requestLogger(ctx.deps.logger)).use(express.json())
    .use(campaignRoutes(ctx.deps)).use(templateRoutes(ctx.deps)).use(errorHandler);
  await seedLineGroups(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const LMS_AD = { name: '봄 정기 안내', messageType: 'LMS', subject: '봄 세일', body: '%이름%님 봄 세일 안내', isAd: true };

async function saveTemplate(token: string, over: Record<string, unknown> = {}): Promise<string> {
  return (await request(app).post('/api/message-templates').set(bearer(token)).send({ ...LMS_AD, ...over }).expect(201)).body.id as string;
}

/** Only what a campaign needs besides its message. */
const draft = (over: Record<string, unknown> = {}) => ({
  name: '템플릿 캠페인', targetFilter: { all: true }, callback: { mode: 'fixed', number: CALLBACK }, ...over,
});

const campaignCount = async (companyId: string) =>
  (await ctx.deps.db.selectFrom('campaigns').select('id').where('company_id', '=', companyId).execute()).length;

describe('POST /api/campaigns with templateId', () => {
  it("takes type, subject, body and ad flag from a shared template, and sends the template's message", async () => {
    const number080 = next080();
    const { companyId, admin, user } = await setupCompany(ctx, { company: { opt_out_080_number: number080 } });
    await insertCustomers(ctx, companyId, 2, '91');
    const templateId = await saveTemplate(admin.token, { shared: true });

    const created = await request(app).post('/api/campaigns').set(bearer(user.token)).send(draft({ templateId })).expect(201);
    expect(created.body).toMatchObject({ messageType: 'LMS', subject: '봄 세일', body: '%이름%님 봄 세일 안내', isAd: true });
    const stored = await ctx.deps.db.selectFrom('campaigns').select(['msg_type', 'subject', 'body', 'is_ad'])
      .where('company_id', '=', companyId).where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ msg_type: 'LMS', subject: '봄 세일', body: '%이름%님 봄 세일 안내', is_ad: true });

    // "send now" at noon KST (an ad outside 08–21 KST is refused), through the service with a pinned clock
    const noonKst = { ...ctx.deps, now: () => new Date('2026-03-02T03:00:00Z') };
    const scope = { companyId, storeCodes: null, userId: user.id, role: 'company_user' as const };
    const sent = await sendCampaign(noonKst, scope, { type: 'user', id: user.id }, created.body.id, { scheduledAt: null, idempotencyKey: 'template-send-1' });
    await dispatchRun(noonKst, companyId, sent.run!.id);
    const rows = await queueRows(ctx, sent.run!.id);
    expect(rows).toHaveLength(2);
    const wrapped = (n: string) => `(광고) 고객${n}님 봄 세일 안내\n무료수신거부 ${number080.slice(0, 3)}-${number080.slice(3, 6)}-${number080.slice(6)}`;
    expect(rows.map((r) => [r['msg_type'], r['title_str'], r['msg_contents']]).sort()).toEqual([
      ['L', '(광고) 봄 세일', wrapped('1')],
      ['L', '(광고) 봄 세일', wrapped('2')],
    ]);
  });

  it('fields given in the request override the template', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: next080() } });
    const templateId = await saveTemplate(user.token);
    const res = await request(app).post('/api/campaigns').set(bearer(user.token))
      .send(draft({ templateId, body: '직접 쓴 안내', isAd: false })).expect(201);
    expect(res.body).toMatchObject({ messageType: 'LMS', subject: '봄 세일', body: '직접 쓴 안내', isAd: false });

    const sms = await request(app).post('/api/campaigns').set(bearer(user.token))
      .send(draft({ templateId, messageType: 'SMS' })).expect(201);
    expect(sms.body).toMatchObject({ messageType: 'SMS', subject: null, body: '%이름%님 봄 세일 안내', isAd: true });

    const subject = await request(app).post('/api/campaigns').set(bearer(user.token))
      .send(draft({ templateId, subject: '여름 세일' })).expect(201);
    expect(subject.body).toMatchObject({ messageType: 'LMS', subject: '여름 세일' });
    expect(await campaignCount(companyId)).toBe(3);
  });

  it("answers 404 for a colleague's personal template and for another company's template, creating nothing", async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: next080() } });
    const colleague = await signInUser(ctx, companyId, 'user');
    const personal = await saveTemplate(colleague.token, { shared: false });
    const other = await setupCompany(ctx, { company: { opt_out_080_number: next080() } });
    const foreign = await saveTemplate(other.admin.token, { shared: true });

    for (const templateId of [personal, foreign, '00000000-0000-4000-8000-000000000000']) {
      const res = await request(app).post('/api/campaigns').set(bearer(user.token)).send(draft({ templateId })).expect(404);
      expect(res.body.error).toMatchObject({ code: 'not_found', message: '템플릿을(를) 찾을 수 없습니다.' });
    }
    expect(await campaignCount(companyId)).toBe(0);
    // the colleague may use their own personal template
    await request(app).post('/api/campaigns').set(bearer(colleague.token)).send(draft({ templateId: personal })).expect(201);
    expect(await campaignCount(companyId)).toBe(1);
  });

  it('without a template the message fields are required; the template message is checked like a typed one', async () => {
    const { companyId, user } = await setupCompany(ctx, { company: { opt_out_080_number: next080() } });
    const missing = await request(app).post('/api/campaigns').set(bearer(user.token)).send(draft()).expect(400);
    expect(JSON.stringify(missing.body.error)).toMatch(/메시지 내용을 입력하거나 템플릿을 지정해 주세요/);
    await request(app).post('/api/campaigns').set(bearer(user.token)).send(draft({ templateId: 'not-a-uuid' })).expect(400);

    // an ad template in a company without an 080 number: refused like any ad without one (lesson 9)
    const no080 = await setupCompany(ctx);
    const templateId = await saveTemplate(no080.user.token);
    const refused = await request(app).post('/api/campaigns').set(bearer(no080.user.token)).send(draft({ templateId })).expect(400);
    expect(refused.body.error.message).toMatch(/080/);
    expect(await campaignCount(companyId)).toBe(0);
    expect(await campaignCount(no080.companyId)).toBe(0);
  });
});
