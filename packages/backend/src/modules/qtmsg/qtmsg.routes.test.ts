import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { enqueueBatch } from './queue-writer.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ smsTables: ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_10', 'SMSQ_SEND_11'] });
});
afterAll(async () => {
  await ctx?.close();
});

describe('GET /api/admin/qtmsg/fleet', () => {
  it('shows every configured table with its pending rows, and the line groups with their companies', async () => {
    const { companyId } = await createCompanyWithUsers(ctx);
    const group = await ctx.deps.db
      .insertInto('sms_line_groups')
      .values({ name: '대량', type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_2'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('companies').set({ line_group_id: group.id }).where('id', '=', companyId).execute();
    const rows = Array.from({ length: 3 }, (_, i) => ({ destNo: `0109000000${i}`, callBack: '0212345678', body: '안내', msgType: 'S' as const }));
    await enqueueBatch(ctx.deps.mysql, ['SMSQ_SEND_2'], rows, { runId: 'fleet-test' });

    const { token } = await signInSuperAdmin(ctx);
    const res = await request(ctx.app).get('/api/admin/qtmsg/fleet').set('Authorization', `Bearer ${token}`).expect(200);
    const tables = res.body.tables as Array<{ table: string; ok: boolean; pending?: number }>;
    expect(tables.map((t) => t.table)).toEqual(['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_10', 'SMSQ_SEND_11']);
    expect(tables.find((t) => t.table === 'SMSQ_SEND_2')).toMatchObject({ ok: true, pending: 3 });
    expect(tables.find((t) => t.table === 'SMSQ_SEND_1')).toMatchObject({ ok: true, pending: 0 });
    const g = (res.body.lineGroups as Array<{ name: string; companies: Array<{ id: string }> }>).find((x) => x.name === '대량');
    expect(g?.companies.map((c) => c.id)).toEqual([companyId]);
  });

  it('is for super admins only', async () => {
    const { admin, user } = await createCompanyWithUsers(ctx);
    await request(ctx.app).get('/api/admin/qtmsg/fleet').expect(401);
    await request(ctx.app).get('/api/admin/qtmsg/fleet').set('Authorization', `Bearer ${admin.token}`).expect(403);
    await request(ctx.app).get('/api/admin/qtmsg/fleet').set('Authorization', `Bearer ${user.token}`).expect(403);
  });
});
