import { kstDayRange, type AuditLogPage, type AuditLogQuery } from '@hanjullo/shared';
import type { DbOrTrx } from './audit.repo.js';
import { insertAuditLog, searchAuditLogs } from './audit.repo.js';
import { validIp } from '../../security/ip.js';

export type { DbOrTrx };

export type ActorType = 'user' | 'super_admin' | 'system' | 'sync_agent' | 'anonymous';

export interface Actor {
  type: ActorType;
  id: string | null;
  /** The actor's company for company users; null for super admins and the system. */
  companyId?: string | null;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

export interface AuditEntry {
  action: string;
  /** The company the change concerns (for search by company); defaults to the actor's company. */
  companyId?: string | null;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

/**
 * Records one audit entry. Call it inside the same transaction as the change it describes, so a
 * rolled-back change leaves no audit row and a committed one always has its row.
 */
export async function recordAudit(db: DbOrTrx, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAuditLog(db, {
    company_id: entry.companyId ?? actor.companyId ?? null,
    actor_type: actor.type,
    actor_id: actor.id,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId === undefined ? null : String(entry.targetId),
    details: JSON.stringify(entry.details ?? {}),
    ip: validIp(actor.ip),
  });
}

/** Super-admin audit search: action prefix, company, actor, KST day range; newest first. */
export async function listAuditLogs(db: DbOrTrx, query: AuditLogQuery): Promise<AuditLogPage> {
  const range = query.from || query.to ? kstDayRange(query.from ?? '2000-01-01', query.to ?? '2999-12-31') : undefined;
  const { rows, total } = await searchAuditLogs(
    db,
    { action: query.action, companyId: query.companyId, actorId: query.actorId, from: range?.from, to: range?.to },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      createdAt: r.created_at.toISOString(),
      companyId: r.company_id,
      companyName: r.company_name,
      actorType: r.actor_type,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: (r.details ?? {}) as Record<string, unknown>,
      ip: r.ip,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
