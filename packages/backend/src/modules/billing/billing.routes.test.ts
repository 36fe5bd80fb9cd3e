import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { BalanceAdjustment, BalanceTransactionPage, BillingBalance, DepositRequest, DepositRequestApproved, DepositRequestPage } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers, signInSuperAdmin } from '../../../test/auth-helpers.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { reserveForRun } from './billing.service.js';
import { auditOf, balanceOf, bearer, buildBillingApp, ledgerOf } from './billing.test-helpers.js';

let ctx: TestContext;
let app: Express;
let sa: { token: string; id: string };

beforeAll(async () => {
  ctx = await createTestContext();
  app = buildBillingApp(ctx);
  sa = await signInSuperAdmin(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const prepaidCompany = (balance = '0', over: Record<string, unknown> = {}) =>
  createCompanyWithUsers(ctx, { company: { billing_type: 'prepaid', balance, ...over } });

const depositBody = { amount: '50000', depositorName: '홍길동', expectedDate: '2026-12-01', memo: '12월 충전' };

async function fileDeposit(token: string, body: Record<string, unknown> = depositBody): Promise<DepositRequest> {
  const res = await request(app).post('/api/billing/deposit-requests').set(bearer(token)).send(body).expect(201);
  return DepositRequest.parse(res.body);
}

describe('GET /api/billing/balance', () => {
  it('shows the company its balance, billing type and unit prices, to the admin and the marketer', async () => {
    const t = await prepaidCompany('1234.5', { price_sms: '9.9', price_lms: '27', price_mms: '80.5', price_kakao: '7.7' });
    for (const token of [t.admin.token, t.user.token]) {
      const res = await request(app).get('/api/billing/balance').set(bearer(token)).expect(200);
      expect(BillingBalance.parse(res.body)).toEqual({
        companyId: t.companyId,
        billingType: 'prepaid',
        balance: '1234.50',
        unitPrices: { sms: '9.90', lms: '27.00', mms: '80.50', kakao: '7.70' },
      });
    }
  });
});

describe('deposit requests', () => {
  it('a marketer files a request; the company lists and reads it; the super admin approves it once and the balance rises', async () => {
    const t = await prepaidCompany('100');
    const filed = await fileDeposit(t.user.token);
    expect(filed).toMatchObject({ companyId: t.companyId, amount: '50000.00', depositorName: '홍길동', expectedDate: '2026-12-01', memo: '12월 충전', status: 'pending', createdBy: t.user.id });

    const own = DepositRequestPage.parse((await request(app).get('/api/billing/deposit-requests').set(bearer(t.admin.token)).expect(200)).body);
    expect(own.items.map((d) => d.id)).toEqual([filed.id]);
    await request(app).get(`/api/billing/deposit-requests/${filed.id}`).set(bearer(t.admin.token)).expect(200);

    const pending = DepositRequestPage.parse(
      (await request(app).get('/api/admin/billing/deposit-requests').query({ status: 'pending', companyId: t.companyId }).set(bearer(sa.token)).expect(200)).body,
    );
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0]?.companyName).toContain('테스트고객사');

    const res = await request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/approve`).set(bearer(sa.token)).expect(200);
    const approved = DepositRequestApproved.parse(res.body);
    expect(approved).toMatchObject({ status: 'approved', decidedBy: sa.id, balance: '50100.00', transaction: { kind: 'deposit', amount: '50000.00', delta: '50000.00', balanceAfter: '50100.00', depositRequestId: filed.id } });
    expect(await balanceOf(ctx, t.companyId)).toBe('50100.00');

    const again = await request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/approve`).set(bearer(sa.token)).expect(409);
    expect(again.body.error.message).toContain('이미 승인된');
    await request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/reject`).set(bearer(sa.token)).send({ reason: '중복 요청' }).expect(409);
    expect(await balanceOf(ctx, t.companyId)).toBe('50100.00');
    expect((await auditOf(ctx, t.companyId)).map((a) => a.action)).toEqual(['billing.deposit_requested', 'billing.deposit_approved']);
  });

  it('approving the same request concurrently approves it once and credits the balance once', async () => {
    const t = await prepaidCompany('0');
    const filed = await fileDeposit(t.admin.token, { ...depositBody, amount: '33000.33' });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/approve`).set(bearer(sa.token))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await balanceOf(ctx, t.companyId)).toBe('33000.33');
    const ledger = await ledgerOf(ctx, t.companyId);
    expect(ledger.map((r) => [r.kind, r.amount, r.deposit_request_id])).toEqual([['deposit', '33000.33', filed.id]]);
  });

  it('rejects with a required reason, leaving the balance alone; a rejected request cannot be approved', async () => {
    const t = await prepaidCompany('10');
    const filed = await fileDeposit(t.admin.token);
    const noReason = await request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/reject`).set(bearer(sa.token)).send({}).expect(400);
    expect(noReason.body.error.message).toContain('거절 사유');
    const res = await request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/reject`).set(bearer(sa.token)).send({ reason: '입금 확인 불가' }).expect(200);
    expect(DepositRequest.parse(res.body)).toMatchObject({ status: 'rejected', rejectReason: '입금 확인 불가', decidedBy: sa.id });
    const approve = await request(app).post(`/api/admin/billing/deposit-requests/${filed.id}/approve`).set(bearer(sa.token)).expect(409);
    expect(approve.body.error.message).toContain('이미 거절된');
    expect(await balanceOf(ctx, t.companyId)).toBe('10.00');
    expect(await ledgerOf(ctx, t.companyId)).toEqual([]);
    const own = DepositRequestPage.parse((await request(app).get('/api/billing/deposit-requests').query({ status: 'rejected' }).set(bearer(t.user.token)).expect(200)).body);
    expect(own.items.map((d) => [d.id, d.rejectReason])).toEqual([[filed.id, '입금 확인 불가']]);
  });

  it.each([
    [{ ...depositBody, amount: '0' }, '입금 금액은(는) 0보다 커야'],
    [{ ...depositBody, amount: 5000 }, '입금 금액은(는) 문자열로 된 숫자'],
    [{ ...depositBody, amount: '1.234' }, '입금 금액은(는) 0 이상의 숫자'],
    [{ ...depositBody, expectedDate: '2026-02-30' }, '입금 예정일은(는) YYYY-MM-DD'],
    [{ ...depositBody, depositorName: ' ' }, '입금자명을 입력해'],
    [{ ...depositBody, companyId: randomUUID() }, '알 수 없는 항목입니다: companyId'],
  ])('refuses %j with 400 and a Korean message', async (body, message) => {
    const t = await prepaidCompany();
    const res = await request(app).post('/api/billing/deposit-requests').set(bearer(t.admin.token)).send(body).expect(400);
    expect(res.body.error.message).toContain(message);
  });

  it('refuses a deposit request from a postpaid company', async () => {
    const t = await createCompanyWithUsers(ctx, { company: { billing_type: 'postpaid' } });
    const res = await request(app).post('/api/billing/deposit-requests').set(bearer(t.admin.token)).send(depositBody).expect(409);
    expect(res.body.error.message).toContain('선불 고객사만');
  });

  it('answers 404 to a company reading another company’s request, and never lists it', async () => {
    const a = await prepaidCompany();
    const b = await prepaidCompany();
    const theirs = await fileDeposit(b.admin.token);
    await request(app).get(`/api/billing/deposit-requests/${theirs.id}`).set(bearer(a.admin.token)).expect(404);
    await request(app).get(`/api/billing/deposit-requests/${theirs.id}`).set(bearer(a.user.token)).expect(404);
    const list = DepositRequestPage.parse((await request(app).get('/api/billing/deposit-requests').set(bearer(a.admin.token)).expect(200)).body);
    expect(list.items).toEqual([]);
    await request(app).post(`/api/admin/billing/deposit-requests/${randomUUID()}/approve`).set(bearer(sa.token)).expect(404);
  });
});

describe('adjustments and the ledger', () => {
  it('adjusts up and down with a reason, never below 0 (409, nothing written), every change audited', async () => {
    const t = await prepaidCompany('100');
    const url = `/api/admin/companies/${t.companyId}/billing/adjustments`;
    const up = BalanceAdjustment.parse((await request(app).post(url).set(bearer(sa.token)).send({ delta: '+0.10', reason: '단가 오류 보정' }).expect(201)).body);
    expect(up).toMatchObject({ balance: '100.10', transaction: { kind: 'adjust', amount: '0.10', delta: '0.10', balanceAfter: '100.10', reason: '단가 오류 보정', createdBy: sa.id } });
    const down = BalanceAdjustment.parse((await request(app).post(url).set(bearer(sa.token)).send({ delta: '-100.10', reason: '환불 처리' }).expect(201)).body);
    expect(down.balance).toBe('0.00');

    const refused = await request(app).post(url).set(bearer(sa.token)).send({ delta: '-0.01', reason: '과다 차감' }).expect(409);
    expect(refused.body.error.message).toContain('0원 미만');
    expect(refused.body.error.details).toEqual({ balance: '0.00', delta: '-0.01' });
    expect(await balanceOf(ctx, t.companyId)).toBe('0.00');
    expect(await ledgerOf(ctx, t.companyId)).toHaveLength(2);
    const audit = await auditOf(ctx, t.companyId);
    expect(audit.map((a) => [a.action, a.actor_type, a.actor_id])).toEqual([
      ['billing.balance_adjusted', 'super_admin', sa.id],
      ['billing.balance_adjusted', 'super_admin', sa.id],
    ]);
    expect(audit[1]?.details).toMatchObject({ delta: '-100.10', reason: '환불 처리', balanceBefore: '100.10', balanceAfter: '0.00' });
  });

  it.each([
    [{ delta: '0', reason: '사유 있음' }, '0이 아니어야'],
    [{ delta: '100' }, '조정 사유를 입력해'],
    [{ delta: '100', reason: ' ' }, '조정 사유를 2자 이상'],
    [{ delta: '1.005', reason: '사유 있음' }, '소수점 둘째 자리까지'],
    [{ delta: 100, reason: '사유 있음' }, '문자열로 된 숫자'],
  ])('refuses adjustment %j with 400', async (body, message) => {
    const t = await prepaidCompany('100');
    const res = await request(app).post(`/api/admin/companies/${t.companyId}/billing/adjustments`).set(bearer(sa.token)).send(body).expect(400);
    expect(res.body.error.message).toContain(message);
    expect(await balanceOf(ctx, t.companyId)).toBe('100.00');
  });

  it('concurrent down-adjustments never take the balance below 0', async () => {
    const t = await prepaidCompany('100');
    const url = `/api/admin/companies/${t.companyId}/billing/adjustments`;
    const results = await Promise.all(Array.from({ length: 8 }, () => request(app).post(url).set(bearer(sa.token)).send({ delta: '-30', reason: '동시 차감' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await balanceOf(ctx, t.companyId)).toBe('10.00');
  });

  it('lists the ledger newest first with KST day, kind and run filters; the super admin sees the same rows', async () => {
    const t = await prepaidCompany('1000');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, t.companyId, runId, '29.70', SYSTEM_ACTOR);
    await request(app).post(`/api/admin/companies/${t.companyId}/billing/adjustments`).set(bearer(sa.token)).send({ delta: '5', reason: '보정' }).expect(201);
    // pin the two rows to the edges of a KST day: 2026-12-01 00:00 KST and 23:59:59 KST
    const rows = await ledgerOf(ctx, t.companyId);
    await ctx.deps.db.updateTable('balance_transactions').set({ created_at: '2026-11-30T15:00:00Z' }).where('id', '=', rows[0]!.id).execute();
    await ctx.deps.db.updateTable('balance_transactions').set({ created_at: '2026-12-01T14:59:59Z' }).where('id', '=', rows[1]!.id).execute();

    const page = BalanceTransactionPage.parse((await request(app).get('/api/billing/transactions').set(bearer(t.user.token)).expect(200)).body);
    expect(page.items.map((i) => i.kind)).toEqual(['adjust', 'reserve']);
    expect(page.total).toBe(2);
    const day = (q: Record<string, string>) => request(app).get('/api/billing/transactions').query(q).set(bearer(t.admin.token)).expect(200);
    expect((await day({ from: '2026-12-01', to: '2026-12-01' })).body.total).toBe(2);
    expect((await day({ from: '2026-11-30', to: '2026-11-30' })).body.total).toBe(0);
    expect((await day({ from: '2026-12-02' })).body.total).toBe(0);
    expect((await day({ kind: 'reserve' })).body.items).toMatchObject([{ runId, amount: '29.70', delta: '-29.70', balanceAfter: '970.30' }]);
    expect((await day({ runId })).body.total).toBe(1);
    expect((await day({ pageSize: '1', page: '2' })).body.items).toMatchObject([{ kind: 'reserve' }]);
    await request(app).get('/api/billing/transactions').query({ from: '2026-12-02', to: '2026-12-01' }).set(bearer(t.admin.token)).expect(400);

    const admin = await request(app).get(`/api/admin/companies/${t.companyId}/billing/transactions`).set(bearer(sa.token)).expect(200);
    expect(admin.body).toEqual(page);
    await request(app).get(`/api/admin/companies/${randomUUID()}/billing/transactions`).set(bearer(sa.token)).expect(404);
    await request(app).post(`/api/admin/companies/${randomUUID()}/billing/adjustments`).set(bearer(sa.token)).send({ delta: '1', reason: '없는 고객사' }).expect(404);
  });

  it('a company never sees another company’s ledger rows', async () => {
    const a = await prepaidCompany('100');
    const b = await prepaidCompany('100');
    await reserveForRun(ctx.deps.db, b.companyId, randomUUID(), '10', SYSTEM_ACTOR);
    const page = BalanceTransactionPage.parse((await request(app).get('/api/billing/transactions').set(bearer(a.admin.token)).expect(200)).body);
    expect(page).toMatchObject({ items: [], total: 0 });
    await request(app).get(`/api/admin/companies/${b.companyId}/billing/transactions`).set(bearer(a.admin.token)).expect(403);
  });
});

describe('who may call the billing endpoints', () => {
  it('admits exactly the right roles and changes nothing for the others', async () => {
    const t = await prepaidCompany('100');
    const filed = await fileDeposit(t.admin.token);
    const adminBase = `/api/admin/companies/${t.companyId}/billing`;
    const endpoints: Array<['get' | 'post', string, 'company' | 'super_admin', Record<string, unknown>?]> = [
      ['get', '/api/billing/balance', 'company'],
      ['get', '/api/billing/transactions', 'company'],
      ['get', '/api/billing/deposit-requests', 'company'],
      ['get', `/api/billing/deposit-requests/${filed.id}`, 'company'],
      ['post', '/api/billing/deposit-requests', 'company', { amount: '1' }],
      ['get', '/api/admin/billing/deposit-requests', 'super_admin'],
      ['post', `/api/admin/billing/deposit-requests/${filed.id}/approve`, 'super_admin'],
      ['post', `/api/admin/billing/deposit-requests/${filed.id}/reject`, 'super_admin', { reason: '권한 확인' }],
      ['get', `${adminBase}/transactions`, 'super_admin'],
      ['post', `${adminBase}/adjustments`, 'super_admin', { delta: '1000', reason: '권한 확인' }],
    ];
    const tokens = { super_admin: sa.token, company_admin: t.admin.token, company_user: t.user.token };
    for (const [method, path, allowed, body] of endpoints) {
      for (const role of ['super_admin', 'company_admin', 'company_user'] as const) {
        const mayCall = allowed === 'super_admin' ? role === 'super_admin' : role !== 'super_admin';
        if (mayCall) continue;
        const req = request(app)[method](path).set(bearer(tokens[role]));
        const res = await (method === 'post' ? req.send(body ?? {}) : req);
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
      }
      expect((await request(app)[method](path)).status, `anonymous ${method} ${path}`).toBe(401);
    }
    // the marketer and the company admin could neither approve, reject nor adjust
    expect(await balanceOf(ctx, t.companyId)).toBe('100.00');
    expect(await ledgerOf(ctx, t.companyId)).toEqual([]);
    expect((await request(app).get(`/api/billing/deposit-requests/${filed.id}`).set(bearer(t.user.token)).expect(200)).body.status).toBe('pending');
  });
});
