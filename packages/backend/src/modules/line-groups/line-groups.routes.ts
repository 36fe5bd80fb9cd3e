import { Router } from 'express';
import {
  AssignLineGroupBody,
  CompanyLineGroupParams,
  CreateLineGroupBody,
  LineGroupIdParams,
  UpdateLineGroupBody,
  UserLineGroupParams,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import {
  assignCompanyLineGroup,
  assignUserLineGroup,
  createLineGroup,
  deleteLineGroup,
  getLineGroup,
  listLineGroups,
  updateLineGroup,
} from './line-groups.service.js';

export { registerLineGroupOpenApi } from './line-groups.openapi.js';

/** Super-admin line-group management and per-company / per-user assignment. */
export function lineGroupRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): this router is mounted at the root next to other modules' routers
  const superAdmin = [authenticate(deps), requireRole('super_admin')];

  router.get('/api/admin/line-groups', ...superAdmin, async (_req, res) => {
    res.json(await listLineGroups(deps));
  });

  router.post('/api/admin/line-groups', ...superAdmin, async (req, res) => {
    const body = parse(CreateLineGroupBody, req.body);
    res.status(201).json(await createLineGroup(deps, actorOf(req), body));
  });

  router.get('/api/admin/line-groups/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(LineGroupIdParams, req.params);
    res.json(await getLineGroup(deps, id));
  });

  router.put('/api/admin/line-groups/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(LineGroupIdParams, req.params);
    const body = parse(UpdateLineGroupBody, req.body);
    res.json(await updateLineGroup(deps, actorOf(req), id, body));
  });

  router.delete('/api/admin/line-groups/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(LineGroupIdParams, req.params);
    await deleteLineGroup(deps, actorOf(req), id);
    res.status(204).end();
  });

  router.put('/api/admin/companies/:companyId/line-group', ...superAdmin, async (req, res) => {
    const { companyId } = parse(CompanyLineGroupParams, req.params);
    const { lineGroupId } = parse(AssignLineGroupBody, req.body);
    res.json(await assignCompanyLineGroup(deps, actorOf(req), companyId, lineGroupId));
  });

  router.put('/api/admin/companies/:companyId/users/:userId/line-group', ...superAdmin, async (req, res) => {
    const { companyId, userId } = parse(UserLineGroupParams, req.params);
    const { lineGroupId } = parse(AssignLineGroupBody, req.body);
    res.json(await assignUserLineGroup(deps, actorOf(req), companyId, userId, lineGroupId));
  });
  return router;
}
