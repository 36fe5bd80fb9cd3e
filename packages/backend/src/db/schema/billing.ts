/** Prepaid ledger and deposit requests. */
import type { Generated } from 'kysely';
import type { GeneratedTimestamp, Numeric, PlainDate, Timestamp } from './columns.js';

export type LedgerKind = 'reserve' | 'capture' | 'release' | 'deposit' | 'adjust';

/** One movement of money; `delta` is its signed effect on companies.balance (see the migration). */
export interface BalanceTransactionsTable {
  company_id: string;
  id: Generated<string>;
  kind: LedgerKind;
  amount: Numeric;
  delta: Numeric;
  balance_after: Numeric | null;
  run_id: string | null;
  deposit_request_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export type DepositRequestStatus = 'pending' | 'approved' | 'rejected';

export interface DepositRequestsTable {
  company_id: string;
  id: Generated<string>;
  amount: Numeric;
  depositor_name: string;
  expected_date: PlainDate;
  memo: string | null;
  status: Generated<DepositRequestStatus>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reject_reason: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}
