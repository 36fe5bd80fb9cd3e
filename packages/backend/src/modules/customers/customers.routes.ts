import { Router, type Request } from 'express';
import {
  BulkDeleteCustomersBody,
  CreateCustomerBody,
  CustomerDetailQuery,
  CustomerIdParams,
  DeleteAllCustomersBody,
  ListCustomersQuery,
  UpdateCustomerBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import {
  bulkDeleteCustomers,
  createCustomer,
  deleteAllCustomers,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from './customers.service.js';
import { getCustomerStats, getFieldCatalog } from './customer-stats.service.js';

export { registerCustomerOpenApi } from './customers.openapi.js';

const BASE = '/api/customers';

/** The customer DB for company users; store-limited users see only their stores (one scope). */
export function customerRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_admin', 'company_user')];
  const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
  const idOf = (req: Request) => parse(CustomerIdParams, req.params).id;

  router.get(BASE, ...guard, async (req, res) => {
    res.json(await listCustomers(deps, scopeOf(req), parse(ListCustomersQuery, req.query)));
  });
  // fixed paths before `/:id`
  router.get(`${BASE}/stats`, ...guard, async (req, res) => {
    res.json(await getCustomerStats(deps, scopeOf(req)));
  });
  router.get(`${BASE}/field-catalog`, ...guard, async (req, res) => {
    res.json(await getFieldCatalog(deps, scopeOf(req)));
  });
  router.post(`${BASE}/bulk-delete`, ...guard, async (req, res) => {
    const { ids } = parse(BulkDeleteCustomersBody, req.body ?? {});
    res.json(await bulkDeleteCustomers(deps, scopeOf(req), actorOf(req), ids));
  });
  router.post(`${BASE}/delete-all`, authenticate(deps), requireRole('company_admin'), async (req, res) => {
    const { confirm } = parse(DeleteAllCustomersBody, req.body ?? {});
    res.json(await deleteAllCustomers(deps, scopeOf(req), actorOf(req), confirm));
  });
  router.post(BASE, ...guard, async (req, res) => {
    res.status(201).json(await createCustomer(deps, scopeOf(req), actorOf(req), parse(CreateCustomerBody, req.body ?? {})));
  });
  router.get(`${BASE}/:id`, ...guard, async (req, res) => {
    res.json(await getCustomer(deps, scopeOf(req), idOf(req), parse(CustomerDetailQuery, req.query)));
  });
  router.patch(`${BASE}/:id`, ...guard, async (req, res) => {
    res.json(await updateCustomer(deps, scopeOf(req), actorOf(req), idOf(req), parse(UpdateCustomerBody, req.body ?? {})));
  });
  router.delete(`${BASE}/:id`, ...guard, async (req, res) => {
    await deleteCustomer(deps, scopeOf(req), actorOf(req), idOf(req));
    res.status(204).end();
  });
  return router;
}
