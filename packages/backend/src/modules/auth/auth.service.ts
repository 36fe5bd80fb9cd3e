import type {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  SessionResponse,
  SessionUser,
  Surface,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { AppError, badRequest, unauthorized } from '../../errors.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import * as subjects from './session-subject.repo.js';
import { superAdminSubjectOf, userSubjectOf } from './session-subject.js';
import { assertNotLocked, clearAccountFailures, recordFailure } from './login-throttle.js';
import { createChallenge, verifyChallenge, maskPhone, CODE_TTL_SECONDS } from './two-factor.js';
import { sendAuthCode } from './auth-sms.js';
import {
  endSession,
  forgetSessionCache,
  revokeSubjectSessions,
  startSession,
  type AuthContext,
  type SessionSubject,
} from './sessions.service.js';

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

const INVALID = '아이디 또는 비밀번호가 올바르지 않습니다.';

function toSessionUser(s: SessionSubject): SessionUser {
  return {
    id: s.id,
    loginId: s.loginId,
    name: s.name,
    role: s.role,
    companyId: s.companyId,
    companyName: s.companyName,
    storeCodes: s.storeCodes,
    mustChangePassword: s.mustChangePassword,
  };
}


async function failLogin(deps: AppDeps, body: LoginBody, meta: RequestMeta, companyId: string | null): Promise<never> {
  const locked = await recordFailure(deps, body.loginId, meta.ip);
  const actor: Actor = { type: 'anonymous', id: null, ip: meta.ip };
  await recordAudit(deps.db, actor, { action: 'auth.login_failed', companyId, details: { loginId: body.loginId, surface: body.surface } });
  if (locked) {
    await recordAudit(deps.db, actor, { action: 'auth.locked_out', companyId, details: { loginId: body.loginId } });
  }
  throw unauthorized(INVALID);
}

/** Sign-in on one of the three surfaces. Super admins get a 2FA challenge instead of a session. */
export async function login(deps: AppDeps, body: LoginBody, meta: RequestMeta): Promise<LoginResponse> {
  await assertNotLocked(deps, body.loginId, meta.ip);
  if (body.surface === 'super-admin') return loginSuperAdmin(deps, body, meta);
  const user = await subjects.findUserByLogin(deps.db, body.loginId);
  if (!user || !(await verifyPassword(body.password, user.password_hash))) {
    return failLogin(deps, body, meta, user?.company_id ?? null);
  }
  if (body.surface === 'company-admin' && user.user_type !== 'admin') {
    throw new AppError('wrong_surface', 403, '고객사 관리자 화면은 관리자 계정만 이용할 수 있습니다. 서비스 화면(hanjul.ai)에서 로그인해 주세요.');
  }
  if (user.company_status === 'suspended' || user.company_status === 'terminated') {
    throw new AppError('forbidden', 403, '이용이 정지되었거나 해지된 고객사입니다. 관리자에게 문의해 주세요.');
  }
  if (user.status !== 'active') {
    const why = user.status === 'locked' ? '잠긴 계정입니다.' : '휴면 계정입니다.';
    throw new AppError('forbidden', 403, `${why} 고객사 관리자에게 문의해 주세요.`);
  }
  await clearAccountFailures(deps, body.loginId, meta.ip);
  const subject = userSubjectOf(user);
  const session = await startSession(deps, subject, body.surface, user.session_timeout_minutes, meta);
  await subjects.markLoggedIn(deps.db, 'user', user.id, deps.now());
  await recordAudit(deps.db, { type: 'user', id: user.id, companyId: user.company_id, ip: meta.ip }, {
    action: 'auth.login',
    details: { surface: body.surface },
  });
  return { token: session.token, user: toSessionUser(subject), sessionTimeoutMinutes: user.session_timeout_minutes };
}

async function loginSuperAdmin(deps: AppDeps, body: LoginBody, meta: RequestMeta): Promise<LoginResponse> {
  const admin = await subjects.findSuperAdminByLogin(deps.db, body.loginId);
  if (!admin || !(await verifyPassword(body.password, admin.password_hash))) {
    return failLogin(deps, body, meta, null);
  }
  if (admin.status !== 'active') throw new AppError('forbidden', 403, '잠긴 관리자 계정입니다.');
  await clearAccountFailures(deps, body.loginId, meta.ip);
  const { challengeId, code } = await createChallenge(deps, admin.id);
  await sendAuthCode(deps, admin.phone, code, challengeId);
  await recordAudit(deps.db, { type: 'super_admin', id: admin.id, ip: meta.ip }, { action: 'auth.2fa_sent' });
  return { twoFactorRequired: true, challengeId, sentTo: maskPhone(admin.phone), expiresInSeconds: CODE_TTL_SECONDS };
}

export async function verifyTwoFactor(deps: AppDeps, challengeId: string, code: string, meta: RequestMeta): Promise<SessionResponse> {
  let adminId: string;
  try {
    adminId = await verifyChallenge(deps, challengeId, code);
  } catch (err) {
    await recordAudit(deps.db, { type: 'anonymous', id: null, ip: meta.ip }, { action: 'auth.2fa_failed', details: { challengeId } });
    throw err;
  }
  const admin = await subjects.findSuperAdminById(deps.db, adminId);
  if (!admin || admin.status !== 'active') throw unauthorized('관리자 계정을 사용할 수 없습니다.');
  const subject = superAdminSubjectOf(admin);
  const minutes = deps.config.superAdminSessionMinutes;
  const session = await startSession(deps, subject, 'super-admin', minutes, meta);
  await subjects.markLoggedIn(deps.db, 'super_admin', admin.id, deps.now());
  await recordAudit(deps.db, { type: 'super_admin', id: admin.id, ip: meta.ip }, { action: 'auth.login', details: { surface: 'super-admin' } });
  return { token: session.token, user: toSessionUser(subject), sessionTimeoutMinutes: minutes };
}

export async function logout(deps: AppDeps, auth: AuthContext, actor: Actor): Promise<void> {
  await endSession(deps, auth.sessionId);
  await recordAudit(deps.db, actor, { action: 'auth.logout', details: { surface: auth.surface } });
}

export function describeSession(auth: AuthContext): MeResponse {
  return {
    user: toSessionUser(auth),
    surface: auth.surface as Surface,
    sessionTimeoutMinutes: auth.idleTimeoutMinutes,
    idleExpiresAt: auth.idleExpiresAt.toISOString(),
  };
}

/** Changes the caller's own password; other sessions of the account end, this one stays. */
export async function changePassword(deps: AppDeps, auth: AuthContext, body: ChangePasswordBody, actor: Actor): Promise<void> {
  const current =
    auth.kind === 'user' && auth.companyId
      ? await subjects.findUserById(deps.db, auth.companyId, auth.id)
      : await subjects.findSuperAdminById(deps.db, auth.id);
  if (!current) throw unauthorized();
  if (!(await verifyPassword(body.oldPassword, current.password_hash))) {
    throw badRequest('현재 비밀번호가 올바르지 않습니다.');
  }
  if (body.oldPassword === body.newPassword) throw badRequest('새 비밀번호는 현재 비밀번호와 달라야 합니다.');
  const hash = await hashPassword(body.newPassword, deps.config.passwordRounds);
  await subjects.updatePasswordHash(deps.db, auth.kind, auth.id, hash, deps.now());
  await revokeSubjectSessions(deps, { kind: auth.kind, id: auth.id }, 'password_changed', auth.sessionId);
  await forgetSessionCache(deps, auth.sessionId);
  await recordAudit(deps.db, actor, { action: 'auth.password_changed', targetType: auth.kind, targetId: auth.id });
}
