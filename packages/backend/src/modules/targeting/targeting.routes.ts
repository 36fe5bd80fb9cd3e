import { Router } from 'express';
import { PreviewTargetBody } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { listTargetFields, previewTarget } from './targeting.service.js';

export { registerTargetingOpenApi } from './targeting.openapi.js';

/** Target filter preview and catalog for company users (marketers and company admins), in their own scope. */
export function targetingRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): mounted at the root next to other modules' routers
  const companyUsers = [authenticate(deps), requireRole('company_user', 'company_admin')];

  router.post('/api/targeting/preview', ...companyUsers, async (req, res) => {
    const { filter, isAd } = parse(PreviewTargetBody, req.body);
    res.json(await previewTarget(deps, companyScopeOf(getAuth(req)), filter, { isAd }));
  });

  router.get('/api/targeting/fields', ...companyUsers, async (req, res) => {
    res.json(await listTargetFields(deps, companyScopeOf(getAuth(req))));
  });

  return router;
}
