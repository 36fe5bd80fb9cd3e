import { Router } from 'express';
import {
  CompanyAdminUpdateBody,
  CompanyIdParams,
  CompanyListQuery,
  CreateCompanyBody,
  TerminateCompanyBody,
  UpdateCompanyBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import {
  assertCompanyAdminFields,
  createCompany,
  getCompany,
  getOwnCompany,
  listCompanies,
  updateCompany,
  updateOwnCompany,
} from './companies.service.js';
import { rotateSyncCredentials, terminateCompany } from './companies.lifecycle.js';

export { registerCompanyOpenApi } from './companies.openapi.js';

/** Super-admin company management (`/api/admin/companies…`) and the company admin's own company (`/api/company`). */
export function companyRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): mounted at the root next to other modules' routers
  const superAdmin = [authenticate(deps), requireRole('super_admin')];
  const companyAdmin = [authenticate(deps), requireRole('company_admin')];

  router.post('/api/admin/companies', ...superAdmin, async (req, res) => {
    res.status(201).json(await createCompany(deps, actorOf(req), parse(CreateCompanyBody, req.body)));
  });

  router.get('/api/admin/companies', ...superAdmin, async (req, res) => {
    res.json(await listCompanies(deps, parse(CompanyListQuery, req.query)));
  });

  router.get('/api/admin/companies/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(CompanyIdParams, req.params);
    res.json(await getCompany(deps, id));
  });

  router.patch('/api/admin/companies/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(CompanyIdParams, req.params);
    res.json(await updateCompany(deps, actorOf(req), id, parse(UpdateCompanyBody, req.body)));
  });

  router.post('/api/admin/companies/:id/sync-credentials/rotate', ...superAdmin, async (req, res) => {
    const { id } = parse(CompanyIdParams, req.params);
    res.json(await rotateSyncCredentials(deps, actorOf(req), id));
  });

  router.post('/api/admin/companies/:id/terminate', ...superAdmin, async (req, res) => {
    const { id } = parse(CompanyIdParams, req.params);
    res.json(await terminateCompany(deps, actorOf(req), id, parse(TerminateCompanyBody, req.body)));
  });

  router.get('/api/company', ...companyAdmin, async (req, res) => {
    res.json(await getOwnCompany(deps, getAuth(req)));
  });

  router.patch('/api/company', ...companyAdmin, async (req, res) => {
    // super-admin-only fields are a 403 before validation, so the answer names them
    assertCompanyAdminFields(req.body);
    res.json(await updateOwnCompany(deps, getAuth(req), actorOf(req), parse(CompanyAdminUpdateBody, req.body)));
  });

  return router;
}
