import { Router } from 'express';
import {
  AdminDepositRequestQuery,
  BalanceAdjustmentBody,
  BalanceTransactionQuery,
  CompanyBillingParams,
  CreateDepositRequestBody,
  DepositRequestIdParams,
  DepositRequestQuery,
  RejectDepositRequestBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { adjustBalance, getBillingBalance, listBalanceTransactions } from './billing.service.js';
import {
  approveDepositRequest,
  createDepositRequest,
  getOwnDepositRequest,
  listDepositRequests,
  listOwnDepositRequests,
  rejectDepositRequest,
} from './deposit-requests.service.js';

export { registerBillingOpenApi } from './billing.openapi.js';

/**
 * Money over HTTP. Company users (marketers and company admins) read their balance and ledger and
 * file deposit requests; super admins decide deposit requests, read any company's ledger and adjust
 * balances. Runs reserve and settle through the billing service, not over HTTP.
 */
export function billingRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): mounted at the root next to other modules' routers
  const company = [authenticate(deps), requireRole('company_admin', 'company_user')];
  const superAdmin = [authenticate(deps), requireRole('super_admin')];

  router.get('/api/billing/balance', ...company, async (req, res) => {
    res.json(await getBillingBalance(deps, companyScopeOf(getAuth(req)).companyId));
  });

  router.get('/api/billing/transactions', ...company, async (req, res) => {
    const { companyId } = companyScopeOf(getAuth(req));
    res.json(await listBalanceTransactions(deps, companyId, parse(BalanceTransactionQuery, req.query)));
  });

  router.post('/api/billing/deposit-requests', ...company, async (req, res) => {
    const body = parse(CreateDepositRequestBody, req.body);
    res.status(201).json(await createDepositRequest(deps, companyScopeOf(getAuth(req)), actorOf(req), body));
  });

  router.get('/api/billing/deposit-requests', ...company, async (req, res) => {
    res.json(await listOwnDepositRequests(deps, companyScopeOf(getAuth(req)), parse(DepositRequestQuery, req.query)));
  });

  router.get('/api/billing/deposit-requests/:id', ...company, async (req, res) => {
    const { id } = parse(DepositRequestIdParams, req.params);
    res.json(await getOwnDepositRequest(deps, companyScopeOf(getAuth(req)), id));
  });

  router.get('/api/admin/billing/deposit-requests', ...superAdmin, async (req, res) => {
    res.json(await listDepositRequests(deps, parse(AdminDepositRequestQuery, req.query)));
  });

  router.post('/api/admin/billing/deposit-requests/:id/approve', ...superAdmin, async (req, res) => {
    const { id } = parse(DepositRequestIdParams, req.params);
    res.json(await approveDepositRequest(deps, actorOf(req), id));
  });

  router.post('/api/admin/billing/deposit-requests/:id/reject', ...superAdmin, async (req, res) => {
    const { id } = parse(DepositRequestIdParams, req.params);
    res.json(await rejectDepositRequest(deps, actorOf(req), id, parse(RejectDepositRequestBody, req.body)));
  });

  router.get('/api/admin/companies/:companyId/billing/transactions', ...superAdmin, async (req, res) => {
    const { companyId } = companyScopeOf(getAuth(req), parse(CompanyBillingParams, req.params).companyId);
    res.json(await listBalanceTransactions(deps, companyId, parse(BalanceTransactionQuery, req.query)));
  });

  router.post('/api/admin/companies/:companyId/billing/adjustments', ...superAdmin, async (req, res) => {
    const { companyId } = companyScopeOf(getAuth(req), parse(CompanyBillingParams, req.params).companyId);
    const body = parse(BalanceAdjustmentBody, req.body);
    res.status(201).json(await adjustBalance(deps, actorOf(req), companyId, body.delta, body.reason));
  });

  return router;
}
