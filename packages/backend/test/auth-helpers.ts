import type { TestContext } from './context.js';
import { createCompany, createSuperAdmin, createUser } from './factories.js';
import { startSession } from '../src/modules/auth/sessions.service.js';
import { superAdminSubjectOf, userSubjectOf } from '../src/modules/auth/session-subject.js';

const META = { ip: '127.0.0.1', userAgent: 'vitest' };

/**
 * Real sessions with real signed tokens, created through the sessions service (the same path a
 * login takes after its checks). Login itself is tested in the auth module through the API.
 */
export async function signInSuperAdmin(ctx: TestContext): Promise<{ token: string; id: string }> {
  const admin = await createSuperAdmin(ctx.deps.db);
  const subject = superAdminSubjectOf(admin);
  const { token } = await startSession(ctx.deps, subject, 'super-admin', ctx.deps.config.superAdminSessionMinutes, META);
  return { token, id: admin.id };
}

export interface SignedInUser {
  id: string;
  loginId: string;
  token: string;
}

export async function signInUser(
  ctx: TestContext,
  companyId: string,
  type: 'admin' | 'user',
  over: { storeCodes?: string[] } = {},
): Promise<SignedInUser> {
  const user = await createUser(ctx.deps.db, companyId, { user_type: type, store_codes: over.storeCodes ?? [] });
  const company = await ctx.deps.db.selectFrom('companies').select(['name', 'session_timeout_minutes']).where('id', '=', companyId).executeTakeFirstOrThrow();
  const subject = userSubjectOf({ ...user, company_name: company.name });
  const surface = type === 'admin' ? 'company-admin' : 'service';
  const { token } = await startSession(ctx.deps, subject, surface, company.session_timeout_minutes, META);
  return { id: user.id, loginId: user.login_id, token };
}

/** A fresh active company with one signed-in admin (company-admin surface) and one marketer. */
export async function createCompanyWithUsers(
  ctx: TestContext,
  opts: { company?: Parameters<typeof createCompany>[1] } = {},
): Promise<{ companyId: string; admin: SignedInUser; user: SignedInUser }> {
  const company = await createCompany(ctx.deps.db, opts.company);
  const admin = await signInUser(ctx, company.id, 'admin');
  const user = await signInUser(ctx, company.id, 'user');
  return { companyId: company.id, admin, user };
}
