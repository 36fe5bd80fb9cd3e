import { sql, type Insertable, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, PlansTable } from '../../db/schema.js';
import type { DbOrTrx } from '../audit/audit.service.js';

export type PlanRow = Selectable<PlansTable>;
export type PlanWithCountRow = PlanRow & { company_count: string };

const companyCount = sql<string>`(SELECT count(*) FROM companies c WHERE c.plan_id = plans.id AND c.status <> 'terminated')`;

export async function listPlanRows(db: DbOrTrx): Promise<PlanWithCountRow[]> {
  return db
    .selectFrom('plans')
    .selectAll()
    .select(companyCount.as('company_count'))
    .orderBy('is_active', 'desc')
    .orderBy('monthly_price')
    .orderBy('code')
    .execute();
}

export async function findPlanRow(db: DbOrTrx, id: string): Promise<PlanWithCountRow | undefined> {
  return db.selectFrom('plans').selectAll().select(companyCount.as('company_count')).where('id', '=', id).executeTakeFirst();
}

/** FOR UPDATE to change or delete a plan; FOR SHARE to assign it (a deactivation waits for it). */
export async function lockPlanRow(trx: Transaction<Database>, id: string, mode: 'update' | 'share'): Promise<PlanRow | undefined> {
  const query = trx.selectFrom('plans').selectAll().where('id', '=', id);
  return (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst();
}

export async function findPlanIdByCode(db: DbOrTrx, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('plans').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}

export async function insertPlan(db: DbOrTrx, row: Insertable<PlansTable>): Promise<PlanRow> {
  return db.insertInto('plans').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePlanRow(db: DbOrTrx, id: string, patch: Updateable<PlansTable>): Promise<PlanRow> {
  return db
    .updateTable('plans')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deletePlanRow(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('plans').where('id', '=', id).execute();
}

/** Every company that references the plan, terminated ones included (the foreign key does too). */
export async function countCompaniesReferencingPlan(db: DbOrTrx, id: string): Promise<number> {
  const row = await db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('plan_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
