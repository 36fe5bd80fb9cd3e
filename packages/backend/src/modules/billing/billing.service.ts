import { kstDayRange, type BalanceAdjustment, type BalanceTransaction, type BalanceTransactionPage, type BalanceTransactionQuery, type BillingBalance, type BillingMessageType } from '@hanjullo/shared';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { DbOrTrx } from '../../db/postgres.js';
import type { Database } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import * as repo from './billing.repo.js';
import { toBalanceTransaction, toBillingBalance } from './billing.view.js';
import { absMoney, addMoney, compareMoney, formatWon, multiplyMoney, normalizeMoney, subtractMoney, toCents } from './money.js';

/**
 * The one owner of money. Every change to companies.balance happens here, together with its
 * ledger row and audit entry in one transaction. Each function runs in the caller's transaction
 * when given one, otherwise in its own. All amounts are decimal strings (see money.ts).
 */

type Trx = Transaction<Database>;

async function inTransaction<T>(db: DbOrTrx, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Trx) : db.transaction().execute(fn);
}

/** numeric(14,2): at most 12 integer digits. */
const MAX_AMOUNT = '999999999999.99';

/** A non-negative amount that fits the ledger, in canonical form; anything else is a programming error. */
function ledgerAmount(label: string, amount: string): string {
  const value = normalizeMoney(amount);
  if (toCents(value) < 0n || compareMoney(value, MAX_AMOUNT) > 0) throw new RangeError(`${label} out of range: ${amount}`);
  return value;
}

async function lockCompany(trx: Trx, companyId: string): Promise<repo.BillingCompanyRow> {
  const company = await repo.lockBillingCompany(trx, companyId);
  if (!company) throw notFound('고객사');
  return company;
}

export type PriceColumns = Pick<repo.BillingCompanyRow, 'price_sms' | 'price_lms' | 'price_mms' | 'price_kakao'>;

/** The company's unit price (VAT included) for one message of the type. */
export function priceFor(company: PriceColumns, type: BillingMessageType): string {
  const column = { SMS: company.price_sms, LMS: company.price_lms, MMS: company.price_mms, KAKAO: company.price_kakao }[type];
  return normalizeMoney(column);
}

/** count × unit price, exact ('9.90' × 3 = '29.70'). */
export function costFor(company: PriceColumns, type: BillingMessageType, count: number): string {
  return multiplyMoney(priceFor(company, type), count);
}

export function insufficientBalance(balance: string, required: string): AppError {
  const shortfall = subtractMoney(required, balance);
  return new AppError(
    'insufficient_balance',
    402,
    `잔액이 부족합니다. (필요 금액 ${formatWon(required)}, 현재 잔액 ${formatWon(balance)}, 부족 금액 ${formatWon(shortfall)}) 충전 후 다시 시도해 주세요.`,
    { balance: normalizeMoney(balance), required: normalizeMoney(required), shortfall },
  );
}

export interface RunReservation {
  transaction: BalanceTransaction;
  /** True when the run had already been reserved: the first reservation is returned, nothing charged. */
  replayed: boolean;
}

/**
 * Reserves a run's cost at dispatch. Prepaid: the balance is debited only if it covers the
 * amount (else 402 insufficient_balance, nothing written); postpaid: the usage is recorded and the
 * balance is not touched. At most once per run: a repeated call returns the first reservation.
 * Holds the company's billing lock until the caller's transaction ends — keep that transaction short.
 */
export async function reserveForRun(db: DbOrTrx, companyId: string, runId: string, amount: string, actor: Actor): Promise<RunReservation> {
  const required = ledgerAmount('reserve amount', amount);
  return inTransaction(db, async (trx) => {
    const company = await lockCompany(trx, companyId);
    const existing = (await repo.findRunMovements(trx, companyId, runId)).reserve;
    if (existing) return { transaction: toBalanceTransaction(existing), replayed: true };
    let balanceAfter: string | null = null;
    if (company.billing_type === 'prepaid') {
      balanceAfter = (await repo.debitBalance(trx, companyId, required)) ?? null;
      if (balanceAfter === null) throw insufficientBalance(company.balance, required);
    }
    const row = await repo.insertLedgerRow(trx, {
      company_id: companyId,
      kind: 'reserve',
      amount: required,
      delta: balanceAfter === null ? '0' : `-${required}`,
      balance_after: balanceAfter,
      run_id: runId,
      created_by: actor.id,
    });
    await recordAudit(trx, actor, {
      action: 'billing.run_reserved',
      companyId,
      targetType: 'run',
      targetId: runId,
      details: { billingType: company.billing_type, amount: required, balanceBefore: balanceAfter === null ? null : company.balance, balanceAfter, transactionId: String(row.id) },
    });
    return { transaction: toBalanceTransaction(row), replayed: false };
  });
}

export interface RunSettlement {
  reserve: BalanceTransaction;
  capture: BalanceTransaction;
  release: BalanceTransaction;
  /** True when the run had already been settled: the existing rows are returned, nothing moved. */
  replayed: boolean;
}

export interface SettleAmounts {
  /** Spent on successful messages. */
  successAmount: string;
  /** Returned: failures, cancellations, messages never sent. */
  unusedAmount: string;
}

/**
 * Settles a reserved run: capture (successes) and release (everything else) are written at most
 * once each; a repeated call returns the existing rows and moves nothing. capture + release may
 * not exceed the reservation. The release returns money to the balance only if the reservation
 * took it (prepaid at dispatch), whatever the company's billing type is now.
 */
export async function settleRun(db: DbOrTrx, companyId: string, runId: string, amounts: SettleAmounts, actor: Actor): Promise<RunSettlement> {
  const success = ledgerAmount('success amount', amounts.successAmount);
  const unused = ledgerAmount('unused amount', amounts.unusedAmount);
  return inTransaction(db, async (trx) => {
    const company = await lockCompany(trx, companyId);
    const moved = await repo.findRunMovements(trx, companyId, runId);
    const reserve = moved.reserve;
    if (!reserve) throw conflict('차감(예약) 내역이 없는 발송은 정산할 수 없습니다.', { runId });
    if (moved.capture && moved.release) {
      return { reserve: toBalanceTransaction(reserve), capture: toBalanceTransaction(moved.capture), release: toBalanceTransaction(moved.release), replayed: true };
    }
    const captureAmount = moved.capture?.amount ?? success;
    const releaseAmount = moved.release?.amount ?? unused;
    if (compareMoney(addMoney(captureAmount, releaseAmount), reserve.amount) > 0) {
      throw conflict(
        `정산 금액(사용 ${formatWon(captureAmount)} + 반환 ${formatWon(releaseAmount)})이 차감 금액 ${formatWon(reserve.amount)}보다 큽니다.`,
        { runId, reserved: reserve.amount, capture: captureAmount, release: releaseAmount },
      );
    }
    const touchesBalance = reserve.balance_after !== null;
    const base = { company_id: companyId, run_id: runId, created_by: actor.id };
    const capture =
      moved.capture ??
      (await repo.insertLedgerRow(trx, { ...base, kind: 'capture', amount: captureAmount, delta: '0', balance_after: touchesBalance ? company.balance : null }));
    let release = moved.release;
    if (!release) {
      const refunds = touchesBalance && toCents(releaseAmount) > 0n;
      const balanceAfter = refunds ? await repo.applyBalanceDelta(trx, companyId, releaseAmount) : touchesBalance ? company.balance : null;
      release = await repo.insertLedgerRow(trx, { ...base, kind: 'release', amount: releaseAmount, delta: refunds ? releaseAmount : '0', balance_after: balanceAfter ?? null });
    }
    await recordAudit(trx, actor, {
      action: 'billing.run_settled',
      companyId,
      targetType: 'run',
      targetId: runId,
      details: { reserved: reserve.amount, captured: capture.amount, released: release.amount, balanceBefore: touchesBalance ? company.balance : null, balanceAfter: release.balance_after },
    });
    return { reserve: toBalanceTransaction(reserve), capture: toBalanceTransaction(capture), release: toBalanceTransaction(release), replayed: false };
  });
}

function assertFits(balance: string, delta: string): void {
  if (compareMoney(addMoney(balance, delta), MAX_AMOUNT) > 0) {
    throw conflict(`잔액은 ${formatWon(MAX_AMOUNT)}을 넘을 수 없습니다.`, { balance, delta });
  }
}

/** A super admin's manual correction with a reason; the balance never goes below 0 (409). */
export async function adjustBalance(deps: Pick<AppDeps, 'db'>, actor: Actor, companyId: string, delta: string, reason: string): Promise<BalanceAdjustment> {
  const change = normalizeMoney(delta);
  if (toCents(change) === 0n) throw badRequest('조정 금액은 0이 아니어야 합니다.');
  if (!reason.trim()) throw badRequest('조정 사유를 입력해 주세요.');
  return deps.db.transaction().execute(async (trx) => {
    const company = await lockCompany(trx, companyId);
    assertFits(company.balance, change);
    const balance = await repo.applyBalanceDelta(trx, companyId, change);
    if (balance === undefined) {
      throw conflict(`잔액은 0원 미만이 될 수 없습니다. (현재 잔액 ${formatWon(company.balance)}, 조정 금액 ${formatWon(change)})`, {
        balance: company.balance,
        delta: change,
      });
    }
    const row = await repo.insertLedgerRow(trx, {
      company_id: companyId,
      kind: 'adjust',
      amount: absMoney(change),
      delta: change,
      balance_after: balance,
      reason: reason.trim(),
      created_by: actor.id,
    });
    await recordAudit(trx, actor, {
      action: 'billing.balance_adjusted',
      companyId,
      targetType: 'company',
      targetId: companyId,
      details: { delta: change, reason: reason.trim(), balanceBefore: company.balance, balanceAfter: balance, transactionId: String(row.id) },
    });
    return { balance, transaction: toBalanceTransaction(row) };
  });
}

/**
 * Credits an approved deposit request (in the approver's transaction). The unique key on
 * deposit_request_id makes a second credit for the same request impossible.
 */
export async function creditDeposit(
  trx: Trx,
  actor: Actor,
  deposit: { companyId: string; depositRequestId: string; amount: string; reason: string },
): Promise<{ balanceBefore: string; balance: string; transaction: BalanceTransaction }> {
  const amount = ledgerAmount('deposit amount', deposit.amount);
  const company = await lockCompany(trx, deposit.companyId);
  assertFits(company.balance, amount);
  const balance = await repo.applyBalanceDelta(trx, deposit.companyId, amount);
  if (balance === undefined) throw notFound('고객사');
  const row = await repo.insertLedgerRow(trx, {
    company_id: deposit.companyId,
    kind: 'deposit',
    amount,
    delta: amount,
    balance_after: balance,
    deposit_request_id: deposit.depositRequestId,
    reason: deposit.reason,
    created_by: actor.id,
  });
  return { balanceBefore: company.balance, balance, transaction: toBalanceTransaction(row) };
}

export async function getBillingBalance(deps: AppDeps, companyId: string): Promise<BillingBalance> {
  const company = await repo.findBillingCompany(deps.db, companyId);
  if (!company) throw notFound('고객사');
  return toBillingBalance(company);
}

/** The company's ledger, newest first; `from`/`to` are KST dates (inclusive). */
export async function listBalanceTransactions(deps: AppDeps, companyId: string, query: BalanceTransactionQuery): Promise<BalanceTransactionPage> {
  if (!(await repo.findBillingCompany(deps.db, companyId))) throw notFound('고객사');
  const range = query.from || query.to ? kstDayRange(query.from ?? '2000-01-01', query.to ?? '2999-12-31') : undefined;
  const { rows, total } = await repo.listLedgerRows(
    deps.db,
    { companyId, from: range?.from, to: range?.to, kind: query.kind, runId: query.runId },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: rows.map(toBalanceTransaction), total, page: query.page, pageSize: query.pageSize };
}
