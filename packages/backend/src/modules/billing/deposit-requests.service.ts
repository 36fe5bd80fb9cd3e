import type {
  AdminDepositRequestQuery,
  CreateDepositRequestBody,
  DepositRequest,
  DepositRequestApproved,
  DepositRequestPage,
  DepositRequestQuery,
  RejectDepositRequestBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { DbOrTrx } from '../../db/postgres.js';
import { conflict, notFound } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { findBillingCompany } from './billing.repo.js';
import { creditDeposit } from './billing.service.js';
import { toDepositRequest } from './billing.view.js';
import * as repo from './deposit-requests.repo.js';
import { formatWon, normalizeMoney } from './money.js';

/**
 * Bank-transfer deposit requests: a prepaid company announces a transfer, a super admin approves
 * it once the money arrived (the balance is credited through the billing service) or rejects it.
 */

const STATUS_LABEL = { pending: '대기 중인', approved: '이미 승인된', rejected: '이미 거절된' } as const;

async function getRequest(db: DbOrTrx, id: string, companyId?: string): Promise<repo.DepositRequestRow> {
  const row = await repo.findDepositRequest(db, id, companyId);
  if (!row) throw notFound('충전 요청');
  return row;
}

export async function createDepositRequest(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateDepositRequestBody): Promise<DepositRequest> {
  const company = await findBillingCompany(deps.db, scope.companyId);
  if (!company) throw notFound('고객사');
  if (company.billing_type !== 'prepaid') throw conflict('선불 고객사만 충전 요청을 할 수 있습니다. 후불 요금은 청구서로 정산됩니다.');
  const id = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertDepositRequest(trx, {
      company_id: scope.companyId,
      amount: normalizeMoney(body.amount),
      depositor_name: body.depositorName,
      expected_date: body.expectedDate,
      memo: body.memo ?? null,
      created_by: scope.userId,
    });
    await recordAudit(trx, actor, {
      action: 'billing.deposit_requested',
      companyId: scope.companyId,
      targetType: 'deposit_request',
      targetId: created,
      details: { amount: normalizeMoney(body.amount), depositorName: body.depositorName, expectedDate: body.expectedDate },
    });
    return created;
  });
  return toDepositRequest(await getRequest(deps.db, id));
}

export async function listOwnDepositRequests(deps: AppDeps, scope: CompanyScope, query: DepositRequestQuery): Promise<DepositRequestPage> {
  return listDepositRequests(deps, { ...query, companyId: scope.companyId });
}

/** Another company's request answers 404, never 403. */
export async function getOwnDepositRequest(deps: AppDeps, scope: CompanyScope, id: string): Promise<DepositRequest> {
  return toDepositRequest(await getRequest(deps.db, id, scope.companyId));
}

/** Super admin: every company's requests (or one company's), optionally by status. */
export async function listDepositRequests(deps: AppDeps, query: AdminDepositRequestQuery): Promise<DepositRequestPage> {
  const { rows, total } = await repo.listDepositRequests(
    deps.db,
    { companyId: query.companyId, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: rows.map(toDepositRequest), total, page: query.page, pageSize: query.pageSize };
}

/** Why a decision changed nothing: the request does not exist (404) or is no longer pending (409). */
async function notPending(db: DbOrTrx, id: string): Promise<Error> {
  const row = await repo.findDepositRequest(db, id);
  if (!row) return notFound('충전 요청');
  return conflict(`${STATUS_LABEL[row.status]} 충전 요청입니다.`, { status: row.status });
}

/**
 * One transaction: pending → approved (guarded, so a second approval changes nothing and answers
 * 409), the deposit ledger row and the balance increase, and the audit entry.
 */
export async function approveDepositRequest(deps: AppDeps, actor: Actor, id: string): Promise<DepositRequestApproved> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const decided = await repo.decideDepositRequest(trx, id, actor.id, { status: 'approved' });
    if (!decided) throw await notPending(trx, id);
    const credit = await creditDeposit(trx, actor, {
      companyId: decided.company_id,
      depositRequestId: decided.id,
      amount: decided.amount,
      reason: `입금 확인: ${decided.depositor_name} ${formatWon(decided.amount)}`,
    });
    await recordAudit(trx, actor, {
      action: 'billing.deposit_approved',
      companyId: decided.company_id,
      targetType: 'deposit_request',
      targetId: decided.id,
      details: { amount: decided.amount, balanceBefore: credit.balanceBefore, balanceAfter: credit.balance, transactionId: credit.transaction.id },
    });
    return credit;
  });
  const request = toDepositRequest(await getRequest(deps.db, id));
  return { ...request, balance: result.balance, transaction: result.transaction };
}

export async function rejectDepositRequest(deps: AppDeps, actor: Actor, id: string, body: RejectDepositRequestBody): Promise<DepositRequest> {
  await deps.db.transaction().execute(async (trx) => {
    const decided = await repo.decideDepositRequest(trx, id, actor.id, { status: 'rejected', rejectReason: body.reason });
    if (!decided) throw await notPending(trx, id);
    await recordAudit(trx, actor, {
      action: 'billing.deposit_rejected',
      companyId: decided.company_id,
      targetType: 'deposit_request',
      targetId: decided.id,
      details: { amount: decided.amount, reason: body.reason },
    });
  });
  return toDepositRequest(await getRequest(deps.db, id));
}
