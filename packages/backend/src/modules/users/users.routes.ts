import { Router, type Request } from 'express';
import {
  CompanyUserParams,
  CompanyUsersParams,
  CreateUserBody,
  ListUsersQuery,
  OwnCompanyUserParams,
  ResetPasswordBody,
  UpdateUserBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf, type CompanyScope } from '../scope/scope.js';
import { createUser, deleteUser, getUser, listUsers, resetUserPassword, updateUser } from './users.service.js';

export { registerUserOpenApi } from './users.openapi.js';

interface Target {
  scope: CompanyScope;
  userId: string;
}

/** `/api/admin/companies/:companyId/users…`: the company named in the path. */
const adminScope = (req: Request): CompanyScope => companyScopeOf(getAuth(req), parse(CompanyUsersParams, req.params).companyId);
function adminTarget(req: Request): Target {
  const { companyId, userId } = parse(CompanyUserParams, req.params);
  return { scope: companyScopeOf(getAuth(req), companyId), userId };
}

/** `/api/company/users…`: the signed-in admin's own company. */
const ownScope = (req: Request): CompanyScope => companyScopeOf(getAuth(req));
const ownTarget = (req: Request): Target => ({ scope: ownScope(req), userId: parse(OwnCompanyUserParams, req.params).userId });

/**
 * Users of a company: super admins for any company under `/api/admin/companies/:companyId/users`,
 * company admins for their own company under `/api/company/users` (type `user` only).
 */
export function userRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): this router is mounted at the root next to other modules' routers
  const surfaces = [
    { base: '/api/admin/companies/:companyId/users', guard: [authenticate(deps), requireRole('super_admin')], scopeOf: adminScope, targetOf: adminTarget },
    { base: '/api/company/users', guard: [authenticate(deps), requireRole('company_admin')], scopeOf: ownScope, targetOf: ownTarget },
  ];

  for (const { base, guard, scopeOf, targetOf } of surfaces) {
    router.get(base, ...guard, async (req, res) => {
      res.json(await listUsers(deps, scopeOf(req), parse(ListUsersQuery, req.query)));
    });

    router.post(base, ...guard, async (req, res) => {
      res.status(201).json(await createUser(deps, scopeOf(req), actorOf(req), parse(CreateUserBody, req.body)));
    });

    router.get(`${base}/:userId`, ...guard, async (req, res) => {
      const { scope, userId } = targetOf(req);
      res.json(await getUser(deps, scope, userId));
    });

    router.patch(`${base}/:userId`, ...guard, async (req, res) => {
      const { scope, userId } = targetOf(req);
      res.json(await updateUser(deps, scope, actorOf(req), userId, parse(UpdateUserBody, req.body)));
    });

    router.delete(`${base}/:userId`, ...guard, async (req, res) => {
      const { scope, userId } = targetOf(req);
      await deleteUser(deps, scope, actorOf(req), userId);
      res.status(204).end();
    });

    router.post(`${base}/:userId/reset-password`, ...guard, async (req, res) => {
      const { scope, userId } = targetOf(req);
      const body = parse(ResetPasswordBody, req.body ?? {});
      res.json(await resetUserPassword(deps, scope, actorOf(req), userId, body));
    });
  }
  return router;
}
