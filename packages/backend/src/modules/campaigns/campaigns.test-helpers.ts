import express, { type Express } from 'express';
import request from 'supertest';
import { sql } from 'kysely';
import { quoteIdent } from '@hanjullo/shared';
import type { TestContext } from '../../../test/context.js';
import { createCompanyWithUsers } from '../../../test/auth-helpers.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { directSendRoutes } from '../direct-sends/direct-sends.routes.js';
import { campaignRoutes } from './campaigns.routes.js';
import { dispatchRun } from './dispatch.service.js';

/** The campaign routers on their own app, with the real logging and error handling. */
export function buildCampaignApp(ctx: TestContext): Express {
  return express().use(requestLogger(ctx.deps.logger)).use(express.json({ limit: '10mb' }))
    .use(campaignRoutes(ctx.deps)).use(directSendRoutes(ctx.deps)).use(errorHandler);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const BULK = ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'];
export const CALLBACK = '0215881234';

/** Test and auth line groups (bulk falls back to SMSQ_SEND_1..3). Once per test database. */
export async function seedLineGroups(ctx: TestContext): Promise<void> {
  await ctx.deps.db.insertInto('sms_line_groups').values([
    { name: '테스트발송', type: 'test', tables: ['SMSQ_SEND_10'], sort_order: 10 },
    { name: '인증', type: 'auth', tables: ['SMSQ_SEND_11'], sort_order: 11 },
  ]).execute();
}

export async function setupCompany(ctx: TestContext, over: Parameters<typeof createCompanyWithUsers>[1] = {}) {
  const c = await createCompanyWithUsers(ctx, over);
  await ctx.deps.db.insertInto('callback_numbers').values({ company_id: c.companyId, number: CALLBACK, is_default: true }).execute();
  return c;
}

/** `n` customers with phones 010{prefix}{i}, consented, name 고객i. */
export async function insertCustomers(ctx: TestContext, companyId: string, n: number, prefix = '5', over: Record<string, unknown> = {}): Promise<string[]> {
  const phones = Array.from({ length: n }, (_, i) => `010${prefix}${String(i).padStart(7 - prefix.length + 1, '0')}`.slice(0, 11));
  for (let i = 0; i < n; i += 5000) {
    const chunk = phones.slice(i, i + 5000);
    await sql`
      INSERT INTO customers (company_id, phone, name, sms_opt_in, store_phone, grade)
      SELECT ${companyId}::uuid, p, '고객' || ord, true, ${over['store_phone'] ?? null}::text, ${over['grade'] ?? 'VIP'}::text
      FROM unnest(${chunk}::text[]) WITH ORDINALITY AS u(p, ord)`.execute(ctx.deps.db);
  }
  return phones;
}

export async function queueRows(ctx: TestContext, runId: string, tables = BULK): Promise<Array<Record<string, unknown>>> {
  const union = tables.map((t) => `SELECT '${t}' AS t, dest_no, call_back, msg_contents, msg_type, title_str, rsv1, app_etc2, file_name1 FROM ${quoteIdent(t)} WHERE app_etc1 = ?`).join(' UNION ALL ');
  const [rows] = await ctx.deps.mysql.query(union, tables.map(() => runId));
  return rows as Array<Record<string, unknown>>;
}

export async function runOf(ctx: TestContext, companyId: string, campaignId: string) {
  return ctx.deps.db.selectFrom('campaign_runs').selectAll().where('company_id', '=', companyId).where('campaign_id', '=', campaignId)
    .orderBy('created_at', 'desc').executeTakeFirstOrThrow();
}

export const smsBody = (over: Record<string, unknown> = {}) => ({
  name: '봄 세일', targetFilter: { all: true }, messageType: 'SMS', body: '%이름%님 봄 세일 안내', isAd: false,
  callback: { mode: 'fixed', number: CALLBACK }, ...over,
});

/**
 * The API calls campaign tests repeat — create a draft, send it with a key, send now and dispatch —
 * bound to a file's context and app (read when called, so they may be set up in `beforeAll`).
 */
export function campaignCalls(env: () => { ctx: TestContext; app: Express }, keyPrefix: string) {
  let n = 0;
  const nextKey = (what: string) => `${keyPrefix}-${what}-${++n}`;
  const createCampaign = async (token: string, over: Record<string, unknown> = {}): Promise<string> =>
    (await request(env().app).post('/api/campaigns').set(bearer(token)).send(smsBody(over)).expect(201)).body.id as string;
  const send = (token: string, id: string, key: string, body: Record<string, unknown> = {}) =>
    request(env().app).post(`/api/campaigns/${id}/send`).set(bearer(token)).set('Idempotency-Key', key).send(body);
  /** Created, sent now and dispatched through the API; returns the campaign and run ids. */
  const sendNow = async (companyId: string, token: string, over: Record<string, unknown> = {}) => {
    const id = await createCampaign(token, over);
    const sent = await send(token, id, nextKey('send')).expect(202);
    const runId = sent.body.run.id as string;
    await dispatchRun(env().ctx.deps, companyId, runId);
    return { id, runId };
  };
  return { nextKey, createCampaign, send, sendNow };
}
