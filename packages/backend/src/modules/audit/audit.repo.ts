import type { DbOrTrx } from '../../db/postgres.js';
import type { AuditLogsTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';

export type { DbOrTrx };

export async function insertAuditLog(db: DbOrTrx, row: Insertable<AuditLogsTable>): Promise<void> {
  await db.insertInto('audit_logs').values(row).execute();
}

export interface AuditFilter {
  action?: string;
  companyId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
}

/** Newest first, paged in SQL; names of actors and companies joined for display. */
export async function searchAuditLogs(db: DbOrTrx, f: AuditFilter, limit: number, offset: number) {
  let q = db
    .selectFrom('audit_logs as a')
    .leftJoin('companies as c', 'c.id', 'a.company_id')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'a.actor_id').on('a.actor_type', '=', 'user'))
    .leftJoin('super_admins as s', (j) => j.onRef('s.id', '=', 'a.actor_id').on('a.actor_type', '=', 'super_admin'));
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.companyId) q = q.where('a.company_id', '=', f.companyId);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.from) q = q.where('a.created_at', '>=', f.from);
  if (f.to) q = q.where('a.created_at', '<', f.to);
  const [rows, count] = await Promise.all([
    q
      .select((eb) => [
        'a.id', 'a.created_at', 'a.company_id', 'c.name as company_name', 'a.actor_type', 'a.actor_id',
        eb.fn.coalesce('u.name', 's.name').as('actor_name'),
        'a.action', 'a.target_type', 'a.target_id', 'a.details', 'a.ip',
      ])
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
