import type { BalanceTransaction, BillingBalance, DepositRequest } from '@hanjullo/shared';
import type { BillingCompanyRow, LedgerRow } from './billing.repo.js';
import type { DepositRequestRow } from './deposit-requests.repo.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function toBalanceTransaction(row: LedgerRow): BalanceTransaction {
  return {
    id: String(row.id),
    companyId: row.company_id,
    kind: row.kind,
    amount: row.amount,
    delta: row.delta,
    balanceAfter: row.balance_after,
    runId: row.run_id,
    depositRequestId: row.deposit_request_id,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

export function toBillingBalance(row: BillingCompanyRow): BillingBalance {
  return {
    companyId: row.id,
    billingType: row.billing_type,
    balance: row.balance,
    unitPrices: { sms: row.price_sms, lms: row.price_lms, mms: row.price_mms, kakao: row.price_kakao },
  };
}

export function toDepositRequest(row: DepositRequestRow): DepositRequest {
  return {
    id: row.id,
    companyId: row.company_id,
    companyName: row.company_name,
    amount: row.amount,
    depositorName: row.depositor_name,
    expectedDate: row.expected_date,
    memo: row.memo,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? iso(row.decided_at) : null,
    rejectReason: row.reject_reason,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}
