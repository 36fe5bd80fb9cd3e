import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInUser } from '../../../test/auth-helpers.js';

let ctx: TestContext;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const sms = (over: Record<string, unknown> = {}) => ({ name: '봄 세일', messageType: 'SMS', body: '%이름%님 봄 세일 안내', isAd: false, ...over });

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const countTemplates = async (companyId: string) =>
  (await ctx.deps.db.selectFrom('message_templates').select('id').where('company_id', '=', companyId).execute()).length;

describe('message templates', () => {
  it('creates, lists, updates and deletes a personal template; others never see it', async () => {
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    const other = await signInUser(ctx, companyId, 'user');
    const created = await request(ctx.app).post('/api/message-templates').set(bearer(user.token)).send(sms()).expect(201);
    expect(created.body).toMatchObject({ name: '봄 세일', messageType: 'SMS', subject: null, body: '%이름%님 봄 세일 안내', isAd: false, shared: false });
    const id = created.body.id as string;

    expect((await request(ctx.app).get('/api/message-templates').set(bearer(user.token)).expect(200)).body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await request(ctx.app).get('/api/message-templates').set(bearer(other.token)).expect(200)).body.items).toEqual([]);
    expect((await request(ctx.app).get('/api/message-templates').set(bearer(admin.token)).expect(200)).body.items).toEqual([]);
    await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(other.token)).send(sms({ name: '남의 것' })).expect(404);
    await request(ctx.app).delete(`/api/message-templates/${id}`).set(bearer(admin.token)).expect(404);

    const updated = await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(user.token))
      .send(sms({ name: '여름 세일', messageType: 'LMS', subject: '여름 안내', body: '%이름%님 %기타1% 안내' })).expect(200);
    expect(updated.body).toMatchObject({ name: '여름 세일', messageType: 'LMS', subject: '여름 안내', body: '%이름%님 %기타1% 안내' });
    await request(ctx.app).delete(`/api/message-templates/${id}`).set(bearer(user.token)).expect(204);
    expect(await countTemplates(companyId)).toBe(0);
  });

  it('a shared template is seen by the company; only its creator or an admin changes it', async () => {
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    const other = await signInUser(ctx, companyId, 'user');
    const outsider = (await createCompanyWithUsers(ctx)).user;
    const id = (await request(ctx.app).post('/api/message-templates').set(bearer(user.token)).send(sms({ shared: true })).expect(201)).body.id as string;

    for (const who of [admin, other]) {
      const list = await request(ctx.app).get('/api/message-templates').set(bearer(who.token)).expect(200);
      expect(list.body.items).toMatchObject([{ id, shared: true, createdBy: user.id }]);
    }
    expect((await request(ctx.app).get('/api/message-templates').set(bearer(outsider.token)).expect(200)).body.items).toEqual([]);
    await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(outsider.token)).send(sms()).expect(404);

    const refused = await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(other.token)).send(sms({ name: '바꿈' })).expect(403);
    expect(refused.body.error.message).toMatch(/공용 템플릿/);
    await request(ctx.app).delete(`/api/message-templates/${id}`).set(bearer(other.token)).expect(403);
    await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(user.token)).send(sms({ name: '만든 사람' })).expect(200);
    await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(admin.token)).send(sms({ name: '관리자' })).expect(200);
    await request(ctx.app).delete(`/api/message-templates/${id}`).set(bearer(admin.token)).expect(204);
    expect(await countTemplates(companyId)).toBe(0);
  });

  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a non-CP949 character', { body: '봄 세일 ✈ 안내' }, /보낼 수 없는 글자/],
    ['an unknown variable', { body: '%없는변수%님 안녕하세요' }, /없는변수/],
    ['an LMS without a subject', { messageType: 'LMS', subject: null }, /제목/],
    ['an empty body', { body: '   ' }, /메시지 내용/],
  ];
  for (const [what, over, message] of refusals) {
    it(`refuses ${what} with a Korean 400 and saves nothing`, async () => {
      const { companyId, user } = await createCompanyWithUsers(ctx);
      const res = await request(ctx.app).post('/api/message-templates').set(bearer(user.token)).send(sms(over)).expect(400);
      expect(res.body.error.message).toMatch(message);
      expect(await countTemplates(companyId)).toBe(0);
    });
  }

  it('refuses a bad body on update and keeps the saved one; an ad template needs no 080 yet', async () => {
    const { user } = await createCompanyWithUsers(ctx);
    const id = (await request(ctx.app).post('/api/message-templates').set(bearer(user.token)).send(sms({ isAd: true })).expect(201)).body.id as string;
    const res = await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(user.token)).send(sms({ body: '안내 ✈ 드립니다' })).expect(400);
    expect(res.body.error.message).toMatch(/보낼 수 없는 글자/);
    const list = await request(ctx.app).get('/api/message-templates').set(bearer(user.token)).expect(200);
    expect(list.body.items).toMatchObject([{ id, body: '%이름%님 봄 세일 안내', isAd: true }]);
  });

  it('audits create, update and delete with the acting user; a refused change leaves no audit row', async () => {
    const { companyId, admin, user } = await createCompanyWithUsers(ctx);
    const id = (await request(ctx.app).post('/api/message-templates').set(bearer(user.token)).send(sms({ shared: true })).expect(201)).body.id as string;
    await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(user.token)).send(sms({ body: '안내 ✈' })).expect(400);
    await request(ctx.app).put(`/api/message-templates/${id}`).set(bearer(user.token)).send(sms({ name: '여름', messageType: 'LMS', subject: '안내' })).expect(200);
    await request(ctx.app).delete(`/api/message-templates/${id}`).set(bearer(admin.token)).expect(204);
    const rows = await ctx.deps.db.selectFrom('audit_logs').select(['action', 'actor_id', 'target_type', 'target_id', 'details'])
      .where('company_id', '=', companyId).where('action', 'like', 'message_template.%').orderBy('id').execute();
    expect(rows).toEqual([
      { action: 'message_template.create', actor_id: user.id, target_type: 'message_template', target_id: id, details: { name: '봄 세일', messageType: 'SMS', isAd: false, shared: true } },
      { action: 'message_template.update', actor_id: user.id, target_type: 'message_template', target_id: id, details: { name: '여름', messageType: 'LMS', isAd: false, shared: true } },
      { action: 'message_template.delete', actor_id: admin.id, target_type: 'message_template', target_id: id, details: { name: '여름', messageType: 'LMS', isAd: false, shared: true } },
    ]);
  });
});
