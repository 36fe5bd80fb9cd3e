import { sql } from 'kysely';
import type { Db } from '../../db/postgres.js';
import type { Surface } from '../../db/schema.js';

export interface SessionRow {
  id: string;
  surface: Surface;
  company_id: string | null;
  user_id: string | null;
  super_admin_id: string | null;
  idle_timeout_minutes: number;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface NewSession {
  surface: Surface;
  companyId: string | null;
  userId: string | null;
  superAdminId: string | null;
  idleTimeoutMinutes: number;
  now: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Revokes the subject's active sessions on one surface; returns their ids (to update the cache). */
export async function revokeActiveSessions(
  db: Db,
  subject: { userId: string | null; superAdminId: string | null; surface?: Surface },
  reason: 'replaced' | 'password_changed' | 'admin',
  now: Date,
  exceptId?: string,
): Promise<string[]> {
  let q = db
    .updateTable('user_sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('revoked_at', 'is', null);
  q = subject.userId ? q.where('user_id', '=', subject.userId) : q.where('super_admin_id', '=', subject.superAdminId);
  if (subject.surface) q = q.where('surface', '=', subject.surface);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}

export async function insertSession(db: Db, s: NewSession): Promise<string> {
  const row = await db
    .insertInto('user_sessions')
    .values({
      surface: s.surface,
      company_id: s.companyId,
      user_id: s.userId,
      super_admin_id: s.superAdminId,
      idle_timeout_minutes: s.idleTimeoutMinutes,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('user_sessions')
    .select(['id', 'surface', 'company_id', 'user_id', 'super_admin_id', 'idle_timeout_minutes', 'last_seen_at', 'expires_at', 'revoked_at', 'revoked_reason'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function revokeSession(db: Db, id: string, reason: 'logout' | 'expired', now: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ last_seen_at: sql`GREATEST(last_seen_at, ${now})` })
    .where('id', '=', id)
    .execute();
}
