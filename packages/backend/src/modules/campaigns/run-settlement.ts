import type { DbOrTrx } from '../../db/postgres.js';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { settleRun } from '../billing/billing.service.js';
import { multiplyMoney, subtractMoney } from '../billing/money.js';
import type { RunRow } from './campaigns.repo.js';

/**
 * Money at the end of a run (lesson 21): capture what succeeded, release everything else —
 * failures, cancellations, never-queued and never-reported messages. The billing ledger makes each
 * movement happen once per (run, kind); callers mark `settled_at` in the same transaction.
 * Returns the released amount, or null when nothing was reserved.
 */
export async function settleRunMoney(db: DbOrTrx, run: RunRow, success: number, actor: Actor = SYSTEM_ACTOR): Promise<string | null> {
  if (!run.reserved_at) return null;
  const reserved = multiplyMoney(run.unit_price, run.total);
  const successAmount = multiplyMoney(run.unit_price, Math.min(Math.max(success, 0), run.total));
  const unusedAmount = subtractMoney(reserved, successAmount);
  await settleRun(db, run.company_id, run.id, { successAmount, unusedAmount }, actor);
  return unusedAmount;
}
