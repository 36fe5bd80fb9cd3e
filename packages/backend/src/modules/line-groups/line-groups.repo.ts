import { sql, type Insertable, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, LineGroupType, SmsLineGroupsTable } from '../../db/schema.js';
import type { DbOrTrx } from '../audit/audit.service.js';

export type { DbOrTrx };
export type LineGroupRow = Selectable<SmsLineGroupsTable>;

/** A group as seen by the send-line lookups (null fields: no group assigned). */
export interface AssignedGroupRow {
  type: LineGroupType | null;
  tables: string[] | null;
  is_active: boolean | null;
}

// Any constant works; it only has to be the same for every writer of sms_line_groups.
const LINE_GROUP_WRITE_LOCK = 7_240_001;

/** Serialises line-group writes (create/update/delete) until the transaction ends. */
export async function lockLineGroupWrites(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LINE_GROUP_WRITE_LOCK})`.execute(trx);
}

export async function listLineGroupRows(db: DbOrTrx): Promise<LineGroupRow[]> {
  return db.selectFrom('sms_line_groups').selectAll().orderBy('sort_order').orderBy('name').execute();
}

export async function findLineGroupRow(db: DbOrTrx, id: string): Promise<LineGroupRow | undefined> {
  return db.selectFrom('sms_line_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Row-locks the group: FOR UPDATE for changing it, FOR SHARE for assigning it. */
export async function lockLineGroupRow(
  db: Transaction<Database>,
  id: string,
  mode: 'update' | 'share',
): Promise<LineGroupRow | undefined> {
  const query = db.selectFrom('sms_line_groups').selectAll().where('id', '=', id);
  return (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst();
}

export async function findLineGroupIdByName(db: DbOrTrx, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('sms_line_groups').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export async function insertLineGroup(db: DbOrTrx, row: Insertable<SmsLineGroupsTable>): Promise<LineGroupRow> {
  return db.insertInto('sms_line_groups').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateLineGroupRow(
  db: DbOrTrx,
  id: string,
  patch: Updateable<SmsLineGroupsTable>,
): Promise<LineGroupRow> {
  return db
    .updateTable('sms_line_groups')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteLineGroupRow(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('sms_line_groups').where('id', '=', id).execute();
}

/** Companies and users that point at a group (they block deleting it or making it non-bulk). */
export async function countLineGroupAssignments(db: DbOrTrx, id: string): Promise<{ companies: number; users: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('companies').select(eb.fn.countAll<string>().as('n')).where('line_group_id', '=', id).as('companies'),
      eb.selectFrom('users').select(eb.fn.countAll<string>().as('n')).where('line_group_id', '=', id).as('users'),
    ])
    .executeTakeFirstOrThrow();
  return { companies: Number(row.companies ?? 0), users: Number(row.users ?? 0) };
}

export interface AssignedCompanyRow {
  line_group_id: string;
  id: string;
  code: string;
  name: string;
}

/** Companies with a group assigned (optionally only those of one group), by name. */
export async function listAssignedCompanies(db: DbOrTrx, groupId?: string): Promise<AssignedCompanyRow[]> {
  let query = db
    .selectFrom('companies')
    .select(['id', 'code', 'name', 'line_group_id'])
    .where('line_group_id', 'is not', null)
    .orderBy('name')
    .orderBy('code');
  if (groupId) query = query.where('line_group_id', '=', groupId);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, line_group_id: r.line_group_id as string }));
}

/** Users with their own group, counted per group. */
export async function countUserAssignmentsByGroup(db: DbOrTrx): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('users')
    .select(['line_group_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('line_group_id', 'is not', null)
    .groupBy('line_group_id')
    .execute();
  return new Map(rows.map((r) => [r.line_group_id as string, Number(r.n)]));
}

/** Every table of every group of the given types, active or not. */
export async function listTablesOfGroupTypes(db: DbOrTrx, types: LineGroupType[]): Promise<string[]> {
  const rows = await db.selectFrom('sms_line_groups').select('tables').where('type', 'in', types).execute();
  return rows.flatMap((r) => r.tables);
}

/** Active groups of one type, in sort order (then name, for a stable choice). */
export async function listActiveGroupsOfType(db: DbOrTrx, type: LineGroupType): Promise<LineGroupRow[]> {
  return db
    .selectFrom('sms_line_groups')
    .selectAll()
    .where('type', '=', type)
    .where('is_active', '=', true)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

/** The company's own group (all-null group fields when none); undefined when the company is unknown. */
export async function findCompanyGroup(db: DbOrTrx, companyId: string): Promise<AssignedGroupRow | undefined> {
  return db
    .selectFrom('companies as c')
    .leftJoin('sms_line_groups as g', 'g.id', 'c.line_group_id')
    .select(['g.type', 'g.tables', 'g.is_active'])
    .where('c.id', '=', companyId)
    .executeTakeFirst();
}

/** The user's own group; undefined when the user is not in that company. */
export async function findUserGroup(db: DbOrTrx, companyId: string, userId: string): Promise<AssignedGroupRow | undefined> {
  return db
    .selectFrom('users as u')
    .leftJoin('sms_line_groups as g', 'g.id', 'u.line_group_id')
    .select(['g.type', 'g.tables', 'g.is_active'])
    .where('u.company_id', '=', companyId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** Row-locks the company for a line-group assignment. */
export async function lockCompanyRef(
  db: DbOrTrx,
  companyId: string,
): Promise<{ id: string; code: string; name: string; line_group_id: string | null } | undefined> {
  return db
    .selectFrom('companies')
    .select(['id', 'code', 'name', 'line_group_id'])
    .where('id', '=', companyId)
    .forUpdate()
    .executeTakeFirst();
}

/** Row-locks the user for a line-group assignment. */
export async function lockUserRef(
  db: DbOrTrx,
  companyId: string,
  userId: string,
): Promise<{ id: string; login_id: string; line_group_id: string | null } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'login_id', 'line_group_id'])
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setCompanyLineGroup(db: DbOrTrx, companyId: string, groupId: string | null): Promise<void> {
  await db
    .updateTable('companies')
    .set({ line_group_id: groupId, updated_at: sql<Date>`now()` })
    .where('id', '=', companyId)
    .execute();
}

export async function setUserLineGroup(db: DbOrTrx, companyId: string, userId: string, groupId: string | null): Promise<void> {
  await db
    .updateTable('users')
    .set({ line_group_id: groupId, updated_at: sql<Date>`now()` })
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .execute();
}
