import { Router, type Request } from 'express';
import {
  CallbackNumberIdParams,
  CompanyCallbackNumberParams,
  CompanyUserParams,
  CompanyUsersParams,
  CreateCallbackNumberBody,
  OwnCompanyUserParams,
  SetUserCallbackNumbersBody,
  UpdateCallbackNumberBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf, type CompanyScope } from '../scope/scope.js';
import {
  createCallbackNumber,
  deleteCallbackNumber,
  getUserCallbackNumbers,
  listCallbackNumbers,
  listUsableCallbackNumbers,
  setDefaultCallbackNumber,
  setUserCallbackNumbers,
  updateCallbackNumber,
} from './callback-numbers.service.js';

export { registerCallbackNumberOpenApi } from './callback-numbers.openapi.js';

interface Target {
  scope: CompanyScope;
  id: string;
}

// super admins name the company in the path; company admins act in their own company
const admin = {
  scope: (req: Request) => companyScopeOf(getAuth(req), parse(CompanyUsersParams, req.params).companyId),
  number: (req: Request): Target => {
    const { companyId, id } = parse(CompanyCallbackNumberParams, req.params);
    return { scope: companyScopeOf(getAuth(req), companyId), id };
  },
  user: (req: Request): Target => {
    const { companyId, userId } = parse(CompanyUserParams, req.params);
    return { scope: companyScopeOf(getAuth(req), companyId), id: userId };
  },
};
const own = {
  scope: (req: Request) => companyScopeOf(getAuth(req)),
  number: (req: Request): Target => ({ scope: companyScopeOf(getAuth(req)), id: parse(CallbackNumberIdParams, req.params).id }),
  user: (req: Request): Target => ({ scope: companyScopeOf(getAuth(req)), id: parse(OwnCompanyUserParams, req.params).userId }),
};

/**
 * Callback numbers: super admins manage any company's, company admins their own (writes only when
 * the company allows self-registration), marketers list the numbers they may use.
 */
export function callbackNumberRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): this router is mounted at the root next to other modules' routers
  const surfaces = [
    { prefix: '/api/admin/companies/:companyId', guard: [authenticate(deps), requireRole('super_admin')], of: admin },
    { prefix: '/api/company', guard: [authenticate(deps), requireRole('company_admin')], of: own },
  ];

  for (const { prefix, guard, of } of surfaces) {
    const base = `${prefix}/callback-numbers`;
    router.get(base, ...guard, async (req, res) => {
      res.json(await listCallbackNumbers(deps, of.scope(req)));
    });

    router.post(base, ...guard, async (req, res) => {
      const body = parse(CreateCallbackNumberBody, req.body);
      res.status(201).json(await createCallbackNumber(deps, of.scope(req), actorOf(req), body));
    });

    router.patch(`${base}/:id`, ...guard, async (req, res) => {
      const { scope, id } = of.number(req);
      res.json(await updateCallbackNumber(deps, scope, actorOf(req), id, parse(UpdateCallbackNumberBody, req.body)));
    });

    router.delete(`${base}/:id`, ...guard, async (req, res) => {
      const { scope, id } = of.number(req);
      await deleteCallbackNumber(deps, scope, actorOf(req), id);
      res.status(204).end();
    });

    router.post(`${base}/:id/default`, ...guard, async (req, res) => {
      const { scope, id } = of.number(req);
      res.json(await setDefaultCallbackNumber(deps, scope, actorOf(req), id));
    });

    router.get(`${prefix}/users/:userId/callback-numbers`, ...guard, async (req, res) => {
      const { scope, id } = of.user(req);
      res.json(await getUserCallbackNumbers(deps, scope, id));
    });

    router.put(`${prefix}/users/:userId/callback-numbers`, ...guard, async (req, res) => {
      const { scope, id } = of.user(req);
      const { callbackNumberIds } = parse(SetUserCallbackNumbersBody, req.body);
      res.json(await setUserCallbackNumbers(deps, scope, actorOf(req), id, callbackNumberIds));
    });
  }

  router.get('/api/callback-numbers', authenticate(deps), requireRole('company_user', 'company_admin'), async (req, res) => {
    res.json(await listUsableCallbackNumbers(deps, companyScopeOf(getAuth(req))));
  });
  return router;
}
