import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { AuditLogPage, AuditLogQuery } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { authenticate, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { errorResponses } from '../../http/openapi.js';
import { listAuditLogs } from './audit.service.js';

export function auditRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/admin/audit-logs', authenticate(deps), requireRole('super_admin'), async (req, res) => {
    res.json(await listAuditLogs(deps.db, parse(AuditLogQuery, req.query)));
  });
  return router;
}

export function registerAuditOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/admin/audit-logs',
    tags: ['audit'],
    summary: '감사 로그 검색 (슈퍼관리자)',
    request: { query: AuditLogQuery },
    responses: { 200: { description: '최신순', content: { 'application/json': { schema: AuditLogPage } } }, ...errorResponses },
  });
}
