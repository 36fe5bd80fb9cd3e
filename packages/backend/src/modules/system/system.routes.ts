import { Router } from 'express';
import { HealthResponse, VersionResponse } from '@hanjullo/shared';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { AppDeps } from '../../app.js';
import { checkHealth, getVersion } from './system.service.js';

export function systemRoutes(deps: AppDeps): Router {
  const router = Router();
  const version = getVersion(deps.config.gitCommit);

  router.get('/health', async (_req, res) => {
    const health = await checkHealth(deps);
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  router.get('/version', (_req, res) => {
    res.json(version);
  });

  return router;
}

export function registerSystemOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/health',
    tags: ['system'],
    summary: 'PostgreSQL, MySQL, Redis 상태 (하나라도 응답하지 않으면 503)',
    responses: {
      200: { description: '모두 정상', content: { 'application/json': { schema: HealthResponse } } },
      503: { description: '장애 서비스가 down에 나열됨', content: { 'application/json': { schema: HealthResponse } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/version',
    tags: ['system'],
    summary: '패키지 버전과 git 커밋',
    responses: { 200: { description: '버전', content: { 'application/json': { schema: VersionResponse } } } },
  });
}
