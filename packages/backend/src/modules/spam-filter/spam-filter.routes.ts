import { Router, type Request, type RequestHandler } from 'express';
import { CreateSpamTestBody, RegisterSpamDeviceBody, SpamReportBody, SpamTestIdParams, SpamTestListQuery } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { assertSpamToken, listSpamDevices, listUnmatchedSpamReports, registerSpamDevice, reportSpamArrival } from './spam-devices.service.js';
import { createSpamTest, findActiveSpamTest, getSpamTest, listSpamTests } from './spam-filter.service.js';

export { registerSpamFilterOpenApi } from './spam-filter.openapi.js';

const scopeOf = (req: Request) => companyScopeOf(getAuth(req));

/** Phone-app endpoints authenticate with `X-Spam-Token` (no session). */
function requireSpamToken(deps: AppDeps): RequestHandler {
  return (req, _res, next) => {
    assertSpamToken(deps.config, req.header('X-Spam-Token'));
    next();
  };
}

export function spamFilterRoutes(deps: AppDeps): Router {
  const router = Router();
  const app = requireSpamToken(deps);
  const guard = [authenticate(deps), requireRole('company_user', 'company_admin')];
  const admin = [authenticate(deps), requireRole('super_admin')];

  router.post('/api/spam-filter/devices', app, async (req, res) => {
    res.json(await registerSpamDevice(deps, parse(RegisterSpamDeviceBody, req.body)));
  });
  router.post('/api/spam-filter/report', app, async (req, res) => {
    res.json(await reportSpamArrival(deps, parse(SpamReportBody, req.body)));
  });

  router.post('/api/spam-filter/tests', ...guard, async (req, res) => {
    res.status(201).json(await createSpamTest(deps, scopeOf(req), actorOf(req), parse(CreateSpamTestBody, req.body)));
  });
  router.get('/api/spam-filter/tests', ...guard, async (req, res) => {
    res.json(await listSpamTests(deps, scopeOf(req), parse(SpamTestListQuery, req.query)));
  });
  router.get('/api/spam-filter/tests/:id', ...guard, async (req, res) => {
    res.json(await getSpamTest(deps, scopeOf(req), parse(SpamTestIdParams, req.params).id));
  });
  router.get('/api/spam-filter/active', ...guard, async (req, res) => {
    res.json(await findActiveSpamTest(deps, scopeOf(req)));
  });

  router.get('/api/admin/spam-filter/devices', ...admin, async (_req, res) => {
    res.json(await listSpamDevices(deps));
  });
  router.get('/api/admin/spam-filter/reports', ...admin, async (_req, res) => {
    res.json(await listUnmatchedSpamReports(deps));
  });
  return router;
}
