import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { DirectSendBody, DirectSendResult } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { createDirectSend } from './direct-sends.service.js';

/** `POST /api/direct-sends`: pasted/listed recipients through the campaign send path (Idempotency-Key required). */
export function directSendRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post('/api/direct-sends', authenticate(deps), requireRole('company_user', 'company_admin'), async (req, res) => {
    const body = parse(DirectSendBody, req.body);
    res.status(202).json(await createDirectSend(deps, companyScopeOf(getAuth(req)), actorOf(req), body, req.header('Idempotency-Key') ?? undefined));
  });
  return router;
}

export function registerDirectSendOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post', path: '/api/direct-sends', tags: ['campaigns'],
    summary: '직접 발송 (붙여넣기/목록 수신자, 변수 이름·기타1–3·회신번호; Idempotency-Key 헤더 필수)',
    request: { body: { content: { 'application/json': { schema: DirectSendBody } } } },
    responses: { 202: { description: '발송 요청됨', content: { 'application/json': { schema: DirectSendResult } } }, ...errorResponses },
  });
}
