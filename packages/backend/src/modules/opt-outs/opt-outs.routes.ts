import { Router, type Request } from 'express';
import {
  AddOptOutBody,
  CheckOptOutsBody,
  CompanyOptOutPhoneParams,
  CompanyOptOutsParams,
  DeleteOptOutBody,
  ListOptOutsQuery,
  OptOutPhoneParams,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { listReceiver } from './opt-out-upload.js';
import {
  addOptOut,
  adminOptOutScope,
  checkOptOuts,
  deleteOptOut,
  exportOptOutsCsv,
  listOptOuts,
  uploadOptOuts,
} from './opt-outs.service.js';

export { registerOptOutOpenApi } from './opt-outs.openapi.js';

const BASE = '/api/opt-outs';
const ADMIN = '/api/admin/companies/:companyId/opt-outs';

/** The company's opt-out list for company users; super admins manage any company's list. */
export function optOutRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_admin', 'company_user')];
  const superAdmin = [authenticate(deps), requireRole('super_admin')];
  const receive = listReceiver();
  const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
  const adminScopeOf = (req: Request) => adminOptOutScope(deps, getAuth(req), parse(CompanyOptOutsParams, req.params).companyId);

  router.get(BASE, ...guard, async (req, res) => {
    res.json(await listOptOuts(deps, scopeOf(req), parse(ListOptOutsQuery, req.query)));
  });
  router.post(BASE, ...guard, async (req, res) => {
    const result = await addOptOut(deps, scopeOf(req), actorOf(req), parse(AddOptOutBody, req.body ?? {}));
    res.status(result.alreadyListed ? 200 : 201).json(result);
  });
  router.post(`${BASE}/upload`, ...guard, async (req, res) => {
    const scope = scopeOf(req);
    const { bytes, storeCode } = await receive(req, res);
    res.json(await uploadOptOuts(deps, scope, actorOf(req), bytes, storeCode));
  });
  router.post(`${BASE}/check`, ...guard, async (req, res) => {
    res.json(await checkOptOuts(deps, scopeOf(req), parse(CheckOptOutsBody, req.body ?? {})));
  });
  router.get(`${BASE}/export.csv`, ...guard, async (req, res) => {
    const scope = scopeOf(req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="opt-outs.csv"');
    res.setHeader('Cache-Control', 'no-store');
    await exportOptOutsCsv(deps, scope, (chunk) =>
      new Promise<void>((resolve) => (res.write(chunk) ? resolve() : res.once('drain', resolve))));
    res.end();
  });
  router.delete(`${BASE}/:phone`, ...guard, async (req, res) => {
    const { phone } = parse(OptOutPhoneParams, req.params);
    res.json(await deleteOptOut(deps, scopeOf(req), actorOf(req), phone, parse(DeleteOptOutBody, req.body ?? {})));
  });

  router.get(ADMIN, ...superAdmin, async (req, res) => {
    res.json(await listOptOuts(deps, await adminScopeOf(req), parse(ListOptOutsQuery, req.query)));
  });
  router.post(ADMIN, ...superAdmin, async (req, res) => {
    const result = await addOptOut(deps, await adminScopeOf(req), actorOf(req), parse(AddOptOutBody, req.body ?? {}));
    res.status(result.alreadyListed ? 200 : 201).json(result);
  });
  router.delete(`${ADMIN}/:phone`, ...superAdmin, async (req, res) => {
    const { companyId, phone } = parse(CompanyOptOutPhoneParams, req.params);
    const scope = await adminOptOutScope(deps, getAuth(req), companyId);
    res.json(await deleteOptOut(deps, scope, actorOf(req), phone, parse(DeleteOptOutBody, req.body ?? {})));
  });
  return router;
}
