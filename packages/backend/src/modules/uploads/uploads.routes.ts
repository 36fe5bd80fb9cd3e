import { Router, type Request } from 'express';
import { ImportUploadBody, UploadIdParams } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { fileReceiver } from './upload-middleware.js';
import { createUpload, getFailuresCsv, getUploadProgress, requestImport } from './uploads.service.js';

export { registerUploadOpenApi } from './uploads.openapi.js';

const BASE = '/api/customers/uploads';

/**
 * Customer file uploads for company users (marketers and company admins): upload → preview,
 * import (202, a background job), progress by polling, failure report as CSV.
 */
export function uploadRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_admin', 'company_user')];
  const receive = fileReceiver(deps.config.uploadDir);
  const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
  const idOf = (req: Request) => parse(UploadIdParams, req.params).id;

  router.post(BASE, ...guard, async (req, res) => {
    const scope = scopeOf(req);
    const file = await receive(req, res);
    res.status(201).json(await createUpload(deps, scope, actorOf(req), file));
  });

  router.post(`${BASE}/:id/import`, ...guard, async (req, res) => {
    const body = parse(ImportUploadBody, req.body ?? {});
    res.status(202).json(await requestImport(deps, scopeOf(req), actorOf(req), idOf(req), body));
  });

  router.get(`${BASE}/:id`, ...guard, async (req, res) => {
    res.json(await getUploadProgress(deps, scopeOf(req), idOf(req)));
  });

  router.get(`${BASE}/:id/failures.csv`, ...guard, async (req, res) => {
    const { filename, body } = await getFailuresCsv(deps, scopeOf(req), idOf(req));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return router;
}
