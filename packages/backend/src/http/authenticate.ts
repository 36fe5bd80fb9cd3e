import type { Request, RequestHandler } from 'express';
import type { Role } from '@hanjullo/shared';
import type { AppDeps } from '../app.js';
import { AppError, forbidden, unauthorized } from '../errors.js';
import { resolveSession, type AuthContext } from '../modules/auth/sessions.service.js';
import type { Actor } from '../modules/audit/audit.service.js';

export type { AuthContext };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own augmentation point
  namespace Express {
    interface Request {
      auth?: AuthContext;
    }
  }
}

function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

export interface AuthenticateOptions {
  /** Lets a user with `must_change_password` through (only the auth endpoints that resolve it). */
  allowPendingPasswordChange?: boolean;
}

/** Every request with a session: the token is checked against the server-side session store. */
export function authenticate(deps: AppDeps, opts: AuthenticateOptions = {}): RequestHandler {
  return async (req, _res, next) => {
    const token = bearer(req);
    if (!token) throw unauthorized();
    const auth = await resolveSession(deps, token);
    if (auth.mustChangePassword && !opts.allowPendingPasswordChange) {
      throw new AppError('password_change_required', 403, '비밀번호를 변경한 뒤에 이용할 수 있습니다.');
    }
    req.auth = auth;
    if (req.log) req.log = req.log.child({ userId: auth.id, companyId: auth.companyId, role: auth.role });
    next();
  };
}

/** Admits exactly the listed roles (after `authenticate`). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const auth = getAuth(req);
    if (!roles.includes(auth.role)) throw forbidden();
    next();
  };
}

export function getAuth(req: Request): AuthContext {
  if (!req.auth) throw unauthorized();
  return req.auth;
}

/** The audit actor of an authenticated request (or anonymous before sign-in). */
export function actorOf(req: Request): Actor {
  const auth = req.auth;
  if (!auth) return { type: 'anonymous', id: null, ip: req.ip ?? null };
  return {
    type: auth.kind === 'super_admin' ? 'super_admin' : 'user',
    id: auth.id,
    companyId: auth.companyId,
    ip: req.ip ?? null,
  };
}
