import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsufficientBalanceDetails } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany } from '../../../test/factories.js';
import { AppError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { costFor, priceFor, reserveForRun, settleRun } from './billing.service.js';
import { auditOf, balanceOf, ledgerOf } from './billing.test-helpers.js';
import { fromCents, toCents } from './money.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const prepaid = (balance: string, over: Parameters<typeof createCompany>[1] = {}) =>
  createCompany(ctx.deps.db, { billing_type: 'prepaid', balance, ...over });

async function settled<T>(p: Promise<T>): Promise<{ ok: T } | { err: unknown }> {
  try {
    return { ok: await p };
  } catch (err) {
    return { err };
  }
}

describe('reserveForRun', () => {
  it('lets exactly 10 of 50 concurrent runs through a balance that covers 10, refusing 40 with 402 and the shortfall', async () => {
    const amount = '1234.50';
    const company = await prepaid('12345.00'); // exactly 10 × 1,234.50
    const results = await Promise.all(
      Array.from({ length: 50 }, () => settled(reserveForRun(ctx.deps.db, company.id, randomUUID(), amount, SYSTEM_ACTOR))),
    );
    const ok = results.filter((r) => 'ok' in r);
    const refused = results.flatMap((r) => ('err' in r ? [r.err] : []));
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const err of refused) {
      expect(err).toBeInstanceOf(AppError);
      const e = err as AppError;
      expect([e.code, e.status]).toEqual(['insufficient_balance', 402]);
      // every refusal came after the 10 successes had drained the balance to 0
      expect(InsufficientBalanceDetails.parse(e.details)).toEqual({ balance: '0.00', required: '1234.50', shortfall: '1234.50' });
      expect(e.message).toContain('잔액이 부족합니다');
      expect(e.message).toContain('부족 금액 1,234.50원');
    }
    expect(await balanceOf(ctx, company.id)).toBe('0.00');
    const ledger = await ledgerOf(ctx, company.id);
    expect(ledger).toHaveLength(10);
    expect(ledger.every((r) => r.kind === 'reserve' && r.amount === amount && r.delta === '-1234.50')).toBe(true);
    // balance_after walks down 11,110.50 … 0.00 with no gap or repeat
    expect(ledger.map((r) => r.balance_after).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => fromCents(123450n * BigInt(i))).sort(),
    );
    expect(await auditOf(ctx, company.id)).toHaveLength(10);
  });

  it('reports the shortfall against a partly covering balance, writing nothing', async () => {
    const company = await prepaid('100.05');
    const err = await reserveForRun(ctx.deps.db, company.id, randomUUID(), '250', SYSTEM_ACTOR).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'insufficient_balance', status: 402, details: { balance: '100.05', required: '250.00', shortfall: '149.95' } });
    expect(await balanceOf(ctx, company.id)).toBe('100.05');
    expect(await ledgerOf(ctx, company.id)).toEqual([]);
    expect(await auditOf(ctx, company.id)).toEqual([]);
  });

  it('charges a run once when it is reserved twice concurrently, returning the first reservation to both', async () => {
    const company = await prepaid('1000');
    const runId = randomUUID();
    const [a, b] = await Promise.all([
      reserveForRun(ctx.deps.db, company.id, runId, '300', SYSTEM_ACTOR),
      reserveForRun(ctx.deps.db, company.id, runId, '300', SYSTEM_ACTOR),
    ]);
    expect(a.transaction.id).toBe(b.transaction.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    const again = await reserveForRun(ctx.deps.db, company.id, runId, '999', SYSTEM_ACTOR);
    expect(again).toMatchObject({ replayed: true, transaction: { id: a.transaction.id, amount: '300.00' } });
    expect(await balanceOf(ctx, company.id)).toBe('700.00');
    expect(await ledgerOf(ctx, company.id)).toHaveLength(1);
  });

  it('runs in the caller transaction: a rolled-back dispatch leaves neither the charge nor the row', async () => {
    const company = await prepaid('500');
    const runId = randomUUID();
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await reserveForRun(trx, company.id, runId, '200', SYSTEM_ACTOR);
        throw new Error('queue insert failed');
      }),
    ).rejects.toThrow('queue insert failed');
    expect(await balanceOf(ctx, company.id)).toBe('500.00');
    expect(await ledgerOf(ctx, company.id)).toEqual([]);
    // and the run can be reserved again afterwards
    await reserveForRun(ctx.deps.db, company.id, runId, '200', SYSTEM_ACTOR);
    expect(await balanceOf(ctx, company.id)).toBe('300.00');
  });

  it('records postpaid usage without touching the balance (balance_after null)', async () => {
    const company = await createCompany(ctx.deps.db, { billing_type: 'postpaid', balance: '0' });
    const runId = randomUUID();
    const { transaction } = await reserveForRun(ctx.deps.db, company.id, runId, '5000000', SYSTEM_ACTOR);
    expect(transaction).toMatchObject({ kind: 'reserve', amount: '5000000.00', delta: '0.00', balanceAfter: null, runId });
    const s = await settleRun(ctx.deps.db, company.id, runId, { successAmount: '4000000', unusedAmount: '1000000' }, SYSTEM_ACTOR);
    expect(s.capture).toMatchObject({ amount: '4000000.00', delta: '0.00', balanceAfter: null });
    expect(s.release).toMatchObject({ amount: '1000000.00', delta: '0.00', balanceAfter: null });
    expect(await balanceOf(ctx, company.id)).toBe('0.00');
    expect((await ledgerOf(ctx, company.id)).map((r) => r.kind)).toEqual(['reserve', 'capture', 'release']);
  });

  it('prices exactly: 3 SMS at 9.90 reserve 29.70, no float drift', async () => {
    const company = await prepaid('100', { price_sms: '9.90', price_lms: '27.5', price_mms: '80', price_kakao: '7.7' });
    expect(priceFor(company, 'SMS')).toBe('9.90');
    expect(priceFor(company, 'LMS')).toBe('27.50');
    expect(priceFor(company, 'KAKAO')).toBe('7.70');
    const cost = costFor(company, 'SMS', 3);
    expect(cost).toBe('29.70');
    await reserveForRun(ctx.deps.db, company.id, randomUUID(), cost, SYSTEM_ACTOR);
    await reserveForRun(ctx.deps.db, company.id, randomUUID(), costFor(company, 'KAKAO', 3), SYSTEM_ACTOR); // 23.10
    expect(await balanceOf(ctx, company.id)).toBe('47.20');
  });
});

describe('settleRun', () => {
  it('captures successes and releases the rest exactly once; capture + release = reserve; the refund returns to the balance', async () => {
    const company = await prepaid('1000');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, company.id, runId, '99.00', SYSTEM_ACTOR); // 10 × 9.90
    const first = await settleRun(ctx.deps.db, company.id, runId, { successAmount: '69.30', unusedAmount: '29.70' }, SYSTEM_ACTOR);
    expect(first.replayed).toBe(false);
    expect(first.capture).toMatchObject({ kind: 'capture', amount: '69.30', delta: '0.00', balanceAfter: '901.00' });
    expect(first.release).toMatchObject({ kind: 'release', amount: '29.70', delta: '29.70', balanceAfter: '930.70' });
    expect(await balanceOf(ctx, company.id)).toBe('930.70');

    const second = await settleRun(ctx.deps.db, company.id, runId, { successAmount: '0', unusedAmount: '99' }, SYSTEM_ACTOR);
    expect(second).toMatchObject({ replayed: true, capture: { id: first.capture.id }, release: { id: first.release.id } });
    expect(await balanceOf(ctx, company.id)).toBe('930.70');
    const ledger = await ledgerOf(ctx, company.id);
    expect(ledger.map((r) => r.kind)).toEqual(['reserve', 'capture', 'release']);
    expect(toCents(ledger[1]!.amount) + toCents(ledger[2]!.amount)).toBe(toCents(ledger[0]!.amount));
    expect((await auditOf(ctx, company.id)).map((a) => a.action)).toEqual(['billing.run_reserved', 'billing.run_settled']);
  });

  it('moves money once when the same run is settled concurrently', async () => {
    const company = await prepaid('500');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, company.id, runId, '200', SYSTEM_ACTOR);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => settleRun(ctx.deps.db, company.id, runId, { successAmount: '50', unusedAmount: '150' }, SYSTEM_ACTOR)),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.release.id)).size).toBe(1);
    expect(await balanceOf(ctx, company.id)).toBe('450.00');
    expect(await ledgerOf(ctx, company.id)).toHaveLength(3);
  });

  it('refuses capture + release above the reservation, moving nothing', async () => {
    const company = await prepaid('500');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, company.id, runId, '100', SYSTEM_ACTOR);
    await expect(settleRun(ctx.deps.db, company.id, runId, { successAmount: '60', unusedAmount: '40.01' }, SYSTEM_ACTOR)).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
    expect(await balanceOf(ctx, company.id)).toBe('400.00');
    expect(await ledgerOf(ctx, company.id)).toHaveLength(1);
  });

  it('refuses to settle a run that was never reserved', async () => {
    const company = await prepaid('500');
    await expect(settleRun(ctx.deps.db, company.id, randomUUID(), { successAmount: '0', unusedAmount: '0' }, SYSTEM_ACTOR)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await ledgerOf(ctx, company.id)).toEqual([]);
  });

  it('a run cancelled before anything went out releases everything; a later settle is a no-op', async () => {
    const company = await prepaid('100');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, company.id, runId, '29.70', SYSTEM_ACTOR);
    await settleRun(ctx.deps.db, company.id, runId, { successAmount: '0', unusedAmount: '29.70' }, SYSTEM_ACTOR);
    await settleRun(ctx.deps.db, company.id, runId, { successAmount: '29.70', unusedAmount: '0' }, SYSTEM_ACTOR);
    expect(await balanceOf(ctx, company.id)).toBe('100.00');
    expect((await ledgerOf(ctx, company.id)).map((r) => [r.kind, r.amount])).toEqual([
      ['reserve', '29.70'],
      ['capture', '0.00'],
      ['release', '29.70'],
    ]);
  });

  it('refunds by what the reservation took: a prepaid reservation is refunded even if the company has since become postpaid', async () => {
    const company = await prepaid('100');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, company.id, runId, '40', SYSTEM_ACTOR);
    await ctx.deps.db.updateTable('companies').set({ billing_type: 'postpaid' }).where('id', '=', company.id).execute();
    await settleRun(ctx.deps.db, company.id, runId, { successAmount: '10', unusedAmount: '30' }, SYSTEM_ACTOR);
    expect(await balanceOf(ctx, company.id)).toBe('90.00');
  });

  it('the database itself refuses a second movement of the same kind for a run', async () => {
    const company = await prepaid('100');
    const runId = randomUUID();
    await reserveForRun(ctx.deps.db, company.id, runId, '10', SYSTEM_ACTOR);
    await expect(
      ctx.deps.db
        .insertInto('balance_transactions')
        .values({ company_id: company.id, kind: 'reserve', amount: '10', delta: '-10', balance_after: '80', run_id: runId })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
