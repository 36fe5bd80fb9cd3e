import type { CreatePlanBody, Plan, PlanList, UpdatePlanBody } from '@hanjullo/shared';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { Database } from '../../db/schema.js';
import { conflict, notFound } from '../../errors.js';
import { recordAudit, type Actor, type DbOrTrx } from '../audit/audit.service.js';
import * as repo from './plans.repo.js';

function toPlan(row: repo.PlanRow, companyCount: number): Plan {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    maxCustomers: row.max_customers,
    monthlyPrice: row.monthly_price,
    isActive: row.is_active,
    companyCount,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function auditView(row: repo.PlanRow) {
  return { code: row.code, name: row.name, maxCustomers: row.max_customers, monthlyPrice: row.monthly_price, isActive: row.is_active };
}

async function assertCodeFree(db: DbOrTrx, code: string, exceptId?: string): Promise<void> {
  const existing = await repo.findPlanIdByCode(db, code);
  if (existing && existing !== exceptId) throw conflict(`이미 사용 중인 요금제 코드입니다: ${code}`);
}

export async function listPlans(deps: AppDeps): Promise<PlanList> {
  const rows = await repo.listPlanRows(deps.db);
  return { plans: rows.map((r) => toPlan(r, Number(r.company_count))) };
}

export async function getPlan(deps: AppDeps, id: string): Promise<Plan> {
  const row = await repo.findPlanRow(deps.db, id);
  if (!row) throw notFound('요금제');
  return toPlan(row, Number(row.company_count));
}

export async function createPlan(deps: AppDeps, actor: Actor, body: CreatePlanBody): Promise<Plan> {
  const row = await deps.db.transaction().execute(async (trx) => {
    await assertCodeFree(trx, body.code);
    const created = await repo.insertPlan(trx, {
      code: body.code,
      name: body.name,
      max_customers: body.maxCustomers,
      monthly_price: body.monthlyPrice ?? '0',
      is_active: body.isActive ?? true,
    });
    await recordAudit(trx, actor, {
      action: 'plan.create',
      companyId: null,
      targetType: 'plan',
      targetId: created.id,
      details: auditView(created),
    });
    return created;
  });
  return toPlan(row, 0);
}

/** Deactivating keeps the plan on the companies that have it; it only stops new assignments. */
export async function updatePlan(deps: AppDeps, actor: Actor, id: string, body: UpdatePlanBody): Promise<Plan> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.lockPlanRow(trx, id, 'update');
    if (!before) throw notFound('요금제');
    if (body.code !== undefined && body.code !== before.code) await assertCodeFree(trx, body.code, id);
    const after = await repo.updatePlanRow(trx, id, {
      code: body.code,
      name: body.name,
      max_customers: body.maxCustomers,
      monthly_price: body.monthlyPrice,
      is_active: body.isActive,
    });
    await recordAudit(trx, actor, {
      action: 'plan.update',
      companyId: null,
      targetType: 'plan',
      targetId: id,
      details: { before: auditView(before), after: auditView(after) },
    });
  });
  return getPlan(deps, id);
}

/** Hard delete only for a plan no company has ever had; otherwise deactivate it instead. */
export async function deletePlan(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockPlanRow(trx, id, 'update');
    if (!row) throw notFound('요금제');
    const companies = await repo.countCompaniesReferencingPlan(trx, id);
    if (companies > 0) {
      throw conflict(`이 요금제를 사용하는(또는 사용했던) 고객사가 ${companies}곳 있어 삭제할 수 없습니다. 대신 비활성화해 주세요.`, {
        companyCount: companies,
      });
    }
    await repo.deletePlanRow(trx, id);
    await recordAudit(trx, actor, { action: 'plan.delete', companyId: null, targetType: 'plan', targetId: id, details: auditView(row) });
  });
}

/**
 * For the companies service, inside its transaction: the plan a company is being given must exist
 * and be active. FOR SHARE makes a concurrent deactivation wait until the assignment commits.
 */
export async function lockAssignablePlan(trx: Transaction<Database>, planId: string): Promise<{ id: string; code: string; name: string }> {
  const plan = await repo.lockPlanRow(trx, planId, 'share');
  if (!plan) throw notFound('요금제');
  if (!plan.is_active) throw conflict(`비활성 요금제는 배정할 수 없습니다: ${plan.name} (${plan.code})`);
  return { id: plan.id, code: plan.code, name: plan.name };
}
