import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { Callback080LogPage, Callback080Numbers, CompanyCallback080Stat } from '@hanjullo/shared';
import { createApp } from '../../app.js';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const TOKEN = 'dev-080-token';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
let seq = 0;
const unique080 = () => `080${String((Date.now() * 13 + ++seq * 7919) % 10_000_000).padStart(7, '0')}`;
const callback = (app: Parameters<typeof request>[0], q: Record<string, string>) =>
  request(app).get(`/api/unsubscribes/080callback?${new URLSearchParams(q).toString()}`);
const listed = (companyId: string) =>
  ctx.deps.db.selectFrom('opt_outs').select(['phone', 'source', 'created_by']).where('company_id', '=', companyId).orderBy('phone').execute();
const logsOf = (fr: string) =>
  ctx.deps.db.selectFrom('callback_080_logs').select(['company_id', 'cid_masked', 'result', 'reason', 'ip']).where('fr', '=', fr).orderBy('id').execute();

describe('GET /api/unsubscribes/080callback', () => {
  it('stores the caller for the company owning the 080 number and answers text/plain 1, also when already stored', async () => {
    const fr = unique080();
    const { companyId } = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: fr } });
    const first = await callback(ctx.app, { cid: '010-4100-0001', fr: `${fr.slice(0, 3)}-${fr.slice(3, 6)}-${fr.slice(6)}`, token: TOKEN }).expect(200);
    expect(first.headers['content-type']).toMatch(/^text\/plain/);
    expect(first.text).toBe('1');
    expect((await callback(ctx.app, { cid: '01041000001', fr, token: TOKEN }).expect(200)).text).toBe('1');
    expect(await listed(companyId)).toEqual([{ phone: '01041000001', source: '080', created_by: null }]);
    expect(await logsOf(fr)).toEqual([
      { company_id: companyId, cid_masked: '010-****-0001', result: 'stored', reason: null, ip: expect.stringMatching(/127\.0\.0\.1$/) },
      { company_id: companyId, cid_masked: '010-****-0001', result: 'already_listed', reason: null, ip: expect.stringMatching(/127\.0\.0\.1$/) },
    ]);
    const audit = await ctx.deps.db.selectFrom('audit_logs').select(['actor_type', 'details']).where('company_id', '=', companyId).where('action', '=', 'opt_out.added').execute();
    expect(audit).toMatchObject([{ actor_type: 'system', details: { source: '080', count: 1 } }]);
  });

  it('answers 0 for a wrong or missing token, an invalid caller, an unknown or terminated company number, and records why', async () => {
    const fr = unique080();
    const { companyId } = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: fr } });
    const gone = unique080();
    await createCompanyWithUsers(ctx, { company: { opt_out_080_number: gone, status: 'terminated' } });
    const unknown = unique080();
    const answers = [
      await callback(ctx.app, { cid: '01041000002', fr, token: 'wrong-token' }),
      await callback(ctx.app, { cid: '01041000002', fr }),
      await callback(ctx.app, { cid: '0212345678', fr, token: TOKEN }),
      await callback(ctx.app, { cid: '', fr, token: TOKEN }),
      await callback(ctx.app, { cid: '01041000002', fr: unknown, token: TOKEN }),
      await callback(ctx.app, { cid: '01041000002', fr: gone, token: TOKEN }),
    ];
    expect(answers.map((a) => [a.status, a.text])).toEqual(Array(6).fill([200, '0']));
    expect(await listed(companyId)).toEqual([]);
    expect((await logsOf(fr)).map((l) => [l.result, l.reason, l.company_id])).toEqual([
      ['refused', 'bad_token', null], ['refused', 'bad_token', null], ['refused', 'invalid_cid', companyId], ['refused', 'missing_params', null],
    ]);
    expect((await logsOf(unknown)).map((l) => [l.result, l.reason, l.company_id])).toEqual([['refused', 'unknown_number', null]]);
    expect((await logsOf(gone)).map((l) => l.reason)).toEqual(['unknown_number']);
  });

  it('uses the real client address behind the loopback proxy: a foreign X-Forwarded-For is refused, an allowlisted one accepted', async () => {
    const fr = unique080();
    const { companyId } = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: fr } });
    const foreign = await callback(ctx.app, { cid: '01041000003', fr, token: TOKEN }).set('X-Forwarded-For', '203.0.113.7').expect(200);
    expect(foreign.text).toBe('0');
    const production = createApp({ ...ctx.deps, config: { ...ctx.deps.config, narae080AllowedIps: ['121.156.104.161', '183.98.207.13'] } });
    expect((await callback(production, { cid: '01041000003', fr, token: TOKEN }).expect(200)).text).toBe('0'); // loopback itself is not Narae
    expect((await callback(production, { cid: '01041000003', fr, token: TOKEN }).set('X-Forwarded-For', '183.98.207.13').expect(200)).text).toBe('1');
    expect(await listed(companyId)).toEqual([{ phone: '01041000003', source: '080', created_by: null }]);
    expect((await logsOf(fr)).map((l) => [l.result, l.reason, l.ip])).toEqual([
      ['refused', 'ip_not_allowed', '203.0.113.7'], ['refused', 'ip_not_allowed', expect.stringMatching(/127\.0\.0\.1$/)], ['stored', null, '183.98.207.13'],
    ]);
  });

  it('never writes the token to the logs: the request line shows it redacted, the refusal warning omits it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    const app = createApp({ ...ctx.deps, logger });
    const fr = unique080();
    await createCompanyWithUsers(ctx, { company: { opt_out_080_number: fr } });
    expect((await callback(app, { cid: '01041000004', fr, token: TOKEN }).expect(200)).text).toBe('1');
    const wrong = 'wrong-secret-4821';
    expect((await callback(app, { cid: '01041000004', fr, token: wrong }).expect(200)).text).toBe('0');
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; level: number; req?: { url: string }; reason?: string });
    const requestLines = parsed.filter((l) => l.req?.url.startsWith('/api/unsubscribes/080callback'));
    expect(requestLines.filter((l) => l.msg === 'request completed')).toHaveLength(2);
    for (const l of requestLines) expect(l.req?.url).toContain('token=%5Bredacted%5D');
    expect(parsed.filter((l) => l.msg === '080 callback refused')).toMatchObject([{ level: 40, reason: 'bad_token', cid: '010-****-0004' }]);
    const all = lines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(wrong);
  });
});

describe('080 callbacks written together', () => {
  it('answers concurrent callbacks each by its own outcome, storing a caller named twice once, with one audit row per company', async () => {
    const [frA, frB, unknown] = [unique080(), unique080(), unique080()];
    const a = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: frA } });
    const b = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: frB } });
    const callsA = Array.from({ length: 12 }, (_, i) => ({ cid: `0104300${String(i).padStart(4, '0')}`, fr: frA, token: TOKEN }));
    const callsB = Array.from({ length: 6 }, (_, i) => ({ cid: `0104301${String(i).padStart(4, '0')}`, fr: frB, token: TOKEN }));
    const calls = [
      ...callsA, callsA[0]!, callsA[1]!, ...callsB,
      { cid: '01043020000', fr: frA, token: 'wrong-token' }, { cid: '0212345678', fr: frB, token: TOKEN }, { cid: '01043020001', fr: unknown, token: TOKEN },
    ];
    const answers = await Promise.all(calls.map((q) => callback(ctx.app, q).expect(200).then((r) => r.text)));
    expect(answers).toEqual([...Array(20).fill('1'), '0', '0', '0']);
    expect((await listed(a.companyId)).map((r) => r.phone)).toEqual(callsA.map((c) => c.cid));
    expect((await listed(b.companyId)).map((r) => r.phone)).toEqual(callsB.map((c) => c.cid));
    const tally = async (fr: string) => (await logsOf(fr)).map((l) => `${l.result}/${l.reason ?? '-'}`).sort();
    expect(await tally(frA)).toEqual([...Array(2).fill('already_listed/-'), 'refused/bad_token', ...Array(12).fill('stored/-')]);
    expect(await tally(frB)).toEqual(['refused/invalid_cid', ...Array(6).fill('stored/-')]);
    expect(await tally(unknown)).toEqual(['refused/unknown_number']);

    for (const [company, stored] of [[a, callsA], [b, callsB]] as const) {
      const audit = await ctx.deps.db.selectFrom('audit_logs').select(['actor_type', 'actor_id', 'details', 'ip'])
        .where('company_id', '=', company.companyId).where('action', '=', 'opt_out.added').execute();
      expect(audit.every((r) => r.actor_type === 'system' && r.actor_id === null && /127\.0\.0\.1$/.test(String(r.ip)))).toBe(true);
      const details = audit.map((r) => r.details as { source: string; count: number; sample: string[] });
      expect(details.reduce((n, d) => n + d.count, 0)).toBe(stored.length);
      for (const d of details) {
        expect(d.source).toBe('080');
        expect(d.sample.length).toBe(Math.min(5, d.count));
        expect(stored.map((c) => c.cid)).toEqual(expect.arrayContaining(d.sample));
      }
    }
  });

  it('lands a callback on the company that owns the 080 number now, right after the number moves', async () => {
    const fr = unique080();
    const from = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: fr } });
    const to = await createCompanyWithUsers(ctx);
    const sa = await signInSuperAdmin(ctx);
    expect((await callback(ctx.app, { cid: '01043100001', fr, token: TOKEN }).expect(200)).text).toBe('1');
    await request(ctx.app).patch(`/api/admin/companies/${from.companyId}`).set(bearer(sa.token)).send({ optOut080Number: '' }).expect(200);
    await request(ctx.app).patch(`/api/admin/companies/${to.companyId}`).set(bearer(sa.token)).send({ optOut080Number: fr }).expect(200);
    expect((await callback(ctx.app, { cid: '01043100002', fr, token: TOKEN }).expect(200)).text).toBe('1');
    expect((await listed(from.companyId)).map((r) => r.phone)).toEqual(['01043100001']);
    expect((await listed(to.companyId)).map((r) => r.phone)).toEqual(['01043100002']);
  });
});

describe('operator views', () => {
  it('shows each 080 number with its company, last callback and today\'s counts, the logs paged and filtered, and a company admin its own number', async () => {
    const fr = unique080();
    const { companyId, admin, user } = await createCompanyWithUsers(ctx, { company: { opt_out_080_number: fr } });
    const unknown = unique080();
    const sa = await signInSuperAdmin(ctx);
    for (const cid of ['01042000001', '01042000002', '01042000001']) await callback(ctx.app, { cid, fr, token: TOKEN }).expect(200);
    await callback(ctx.app, { cid: '01042000003', fr, token: 'nope' }).expect(200);
    await callback(ctx.app, { cid: '01042000003', fr: unknown, token: TOKEN }).expect(200);

    const numbers = Callback080Numbers.parse((await request(ctx.app).get('/api/admin/unsubscribes/080/numbers').set(bearer(sa.token)).expect(200)).body);
    expect(numbers.items.find((n) => n.number === fr)).toMatchObject({ companyId, countToday: 4, acceptedToday: 3, lastResult: 'refused' });
    expect(numbers.items.find((n) => n.number === unknown)).toMatchObject({ companyId: null, countToday: 1, acceptedToday: 0 });

    const logs = Callback080LogPage.parse((await request(ctx.app).get(`/api/admin/unsubscribes/080/logs?fr=${fr}&pageSize=2`).set(bearer(sa.token)).expect(200)).body);
    expect(logs).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(logs.items.map((i) => i.result)).toEqual(['refused', 'already_listed']);
    const stored = (await request(ctx.app).get(`/api/admin/unsubscribes/080/logs?fr=${fr}&result=stored`).set(bearer(sa.token)).expect(200)).body;
    expect(stored.items.map((i: { cid: string }) => i.cid).sort()).toEqual(['010-****-0001', '010-****-0002']);

    const own = CompanyCallback080Stat.parse((await request(ctx.app).get('/api/company/unsubscribes/080').set(bearer(admin.token)).expect(200)).body);
    expect(own).toMatchObject({ number: fr, countToday: 4, acceptedToday: 3 });
    expect(Date.now() - Date.parse(own.lastCallbackAt!)).toBeLessThan(60_000);
    await request(ctx.app).get('/api/company/unsubscribes/080').set(bearer(user.token)).expect(403);
    await request(ctx.app).get('/api/admin/unsubscribes/080/logs').set(bearer(admin.token)).expect(403);
    await request(ctx.app).get('/api/admin/unsubscribes/080/logs?result=maybe').set(bearer(sa.token)).expect(400);
    const none = await createCompanyWithUsers(ctx);
    expect((await request(ctx.app).get('/api/company/unsubscribes/080').set(bearer(none.admin.token)).expect(200)).body)
      .toEqual({ number: null, lastCallbackAt: null, lastResult: null, countToday: 0, acceptedToday: 0 });
  });
});
