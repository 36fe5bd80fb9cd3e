import type { Surface } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { AppError, unauthorized } from '../../errors.js';
import { redisKey } from '../../db/redis.js';
import { signSessionToken, verifySessionToken } from './tokens.js';
import { validIp } from '../../security/ip.js';
import * as repo from './sessions.repo.js';
import { findSuperAdminById, findUserById } from './session-subject.repo.js';
import { superAdminSubjectOf, userSubjectOf, type SessionSubject } from './session-subject.js';

export type { SessionSubject };


export interface AuthContext extends SessionSubject {
  sessionId: string;
  surface: Surface;
  idleTimeoutMinutes: number;
  idleExpiresAt: Date;
}

interface CachedSession {
  subject: SessionSubject;
  surface: Surface;
  idleMinutes: number;
  lastSeenAt: number;
  expiresAt: number;
  revoked?: string;
}

const PG_TOUCH_EVERY_MS = 60_000;
const REVOKED_TTL_S = 24 * 3600;

const cacheKey = (deps: AppDeps, sid: string) => redisKey(deps.config.redisPrefix, 'session', sid);

async function writeCache(deps: AppDeps, sid: string, s: CachedSession): Promise<void> {
  const ttl = s.revoked ? REVOKED_TTL_S : Math.max(60, Math.ceil((s.expiresAt - s.lastSeenAt) / 1000));
  await deps.redis.set(cacheKey(deps, sid), JSON.stringify(s), 'EX', ttl);
}

/**
 * Starts a session on a surface. The previous active session of the same subject on the same
 * surface is revoked first (one active session per user per surface); its token then gets 401
 * `session_replaced`.
 */
export async function startSession(
  deps: AppDeps,
  subject: SessionSubject,
  surface: Surface,
  idleMinutes: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string }> {
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionMaxHours * 3600_000);
  const who = subject.kind === 'user' ? { userId: subject.id, superAdminId: null } : { userId: null, superAdminId: subject.id };
  const replaced = await repo.revokeActiveSessions(deps.db, { ...who, surface }, 'replaced', now);
  await Promise.all(replaced.map((sid) => markRevokedInCache(deps, sid, 'replaced')));
  const sessionId = await repo.insertSession(deps.db, {
    surface,
    companyId: subject.companyId,
    ...who,
    idleTimeoutMinutes: idleMinutes,
    now,
    expiresAt,
    ip: validIp(meta.ip),
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  await writeCache(deps, sessionId, { subject, surface, idleMinutes, lastSeenAt: now.getTime(), expiresAt: expiresAt.getTime() });
  return { token: await signSessionToken(deps.config.jwtSecret, sessionId, now, expiresAt), sessionId };
}

async function markRevokedInCache(deps: AppDeps, sid: string, reason: string): Promise<void> {
  const raw = await deps.redis.get(cacheKey(deps, sid));
  if (!raw) return;
  const cached = JSON.parse(raw) as CachedSession;
  await writeCache(deps, sid, { ...cached, revoked: reason });
}

async function loadSubject(deps: AppDeps, row: repo.SessionRow): Promise<SessionSubject | null> {
  if (row.super_admin_id) {
    const a = await findSuperAdminById(deps.db, row.super_admin_id);
    return a && a.status === 'active' ? superAdminSubjectOf(a) : null;
  }
  const u = row.user_id && row.company_id ? await findUserById(deps.db, row.company_id, row.user_id) : undefined;
  return u && u.status === 'active' ? userSubjectOf(u) : null;
}

/** Cache miss (Redis lost or evicted): rebuild from PostgreSQL, the source of truth. */
async function loadFromPostgres(deps: AppDeps, sid: string): Promise<CachedSession | null> {
  const row = await repo.findSession(deps.db, sid);
  if (!row) return null;
  const subject = row.revoked_at ? null : await loadSubject(deps, row);
  const base = { surface: row.surface, idleMinutes: row.idle_timeout_minutes, lastSeenAt: row.last_seen_at.getTime(), expiresAt: row.expires_at.getTime() };
  if (!subject) return { ...base, subject: {} as SessionSubject, revoked: row.revoked_reason ?? 'admin' };
  return { ...base, subject };
}

function revokedError(reason: string): AppError {
  if (reason === 'replaced') {
    return new AppError('session_replaced', 401, '다른 곳에서 같은 계정으로 로그인하여 이 세션이 종료되었습니다.');
  }
  if (reason === 'expired') return new AppError('session_expired', 401, '오랫동안 사용하지 않아 로그아웃되었습니다. 다시 로그인해 주세요.');
  if (reason === 'password_changed') return unauthorized('비밀번호가 변경되어 다시 로그인해야 합니다.');
  return unauthorized('로그아웃된 세션입니다. 다시 로그인해 주세요.');
}

/** Checks a bearer token against the session store; slides the idle timer. Throws 401 otherwise. */
export async function resolveSession(deps: AppDeps, token: string): Promise<AuthContext> {
  const now = deps.now();
  const sid = await verifySessionToken(deps.config.jwtSecret, token, now);
  if (!sid) throw unauthorized('로그인 정보가 올바르지 않거나 만료되었습니다. 다시 로그인해 주세요.');
  const raw = await deps.redis.get(cacheKey(deps, sid));
  const cached = raw ? (JSON.parse(raw) as CachedSession) : await loadFromPostgres(deps, sid);
  if (!cached) throw unauthorized('세션을 찾을 수 없습니다. 다시 로그인해 주세요.');
  if (cached.revoked) throw revokedError(cached.revoked);
  const idleMs = cached.idleMinutes * 60_000;
  if (now.getTime() - cached.lastSeenAt > idleMs || now.getTime() >= cached.expiresAt) {
    await repo.revokeSession(deps.db, sid, 'expired', now);
    await writeCache(deps, sid, { ...cached, revoked: 'expired' });
    throw revokedError('expired');
  }
  const previous = cached.lastSeenAt;
  cached.lastSeenAt = Math.max(previous, now.getTime());
  await writeCache(deps, sid, cached);
  if (!raw || cached.lastSeenAt - previous >= PG_TOUCH_EVERY_MS) await repo.touchSession(deps.db, sid, now);
  return {
    ...cached.subject,
    sessionId: sid,
    surface: cached.surface,
    idleTimeoutMinutes: cached.idleMinutes,
    idleExpiresAt: new Date(Math.min(cached.lastSeenAt + idleMs, cached.expiresAt)),
  };
}

export async function endSession(deps: AppDeps, sessionId: string): Promise<void> {
  await repo.revokeSession(deps.db, sessionId, 'logout', deps.now());
  await markRevokedInCache(deps, sessionId, 'logout');
}

/** Ends every session of a subject (password change, lock, deletion), optionally keeping one. */
export async function revokeSubjectSessions(
  deps: AppDeps,
  subject: { kind: 'user' | 'super_admin'; id: string },
  reason: 'password_changed' | 'admin',
  exceptSessionId?: string,
): Promise<number> {
  const who = subject.kind === 'user' ? { userId: subject.id, superAdminId: null } : { userId: null, superAdminId: subject.id };
  const ids = await repo.revokeActiveSessions(deps.db, who, reason, deps.now(), exceptSessionId);
  await Promise.all(ids.map((sid) => markRevokedInCache(deps, sid, reason)));
  return ids.length;
}

/** Drops the cached copy so the next request reloads the subject (after a profile change). */
export async function forgetSessionCache(deps: AppDeps, sessionId: string): Promise<void> {
  await deps.redis.del(cacheKey(deps, sessionId));
}
