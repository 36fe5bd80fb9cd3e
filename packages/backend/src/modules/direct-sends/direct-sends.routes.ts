import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { DirectRecipientsFileResult, DirectSendBody, DirectSendResult, ErrorResponse, RECIPIENTS_FILE_MAX_BYTES } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { fileReceiver } from '../uploads/upload-middleware.js';
import { createDirectSend, readDirectRecipientsFile } from './direct-sends.service.js';

/**
 * `POST /api/direct-sends`: pasted/listed recipients through the campaign send path (Idempotency-Key required).
 * `POST /api/direct-sends/recipients-file`: a recipients file read into that list (nothing stored).
 */
export function directSendRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_user', 'company_admin')];
  const receive = fileReceiver(deps.config.uploadDir, { maxBytes: RECIPIENTS_FILE_MAX_BYTES });
  router.post('/api/direct-sends', ...guard, async (req, res) => {
    const body = parse(DirectSendBody, req.body);
    res.status(202).json(await createDirectSend(deps, companyScopeOf(getAuth(req)), actorOf(req), body, req.header('Idempotency-Key') ?? undefined));
  });
  router.post('/api/direct-sends/recipients-file', ...guard, async (req, res) => {
    res.json(await readDirectRecipientsFile(await receive(req, res)));
  });
  return router;
}

/** One multipart `file` part (the OpenAPI shape of every recipients-file upload). */
export const recipientsFileRequestBody = {
  content: {
    'multipart/form-data': {
      schema: { type: 'object' as const, properties: { file: { type: 'string' as const, format: 'binary' } }, required: ['file'] },
    },
  },
};

export const recipientsFileErrorResponses = {
  413: { description: '10MB 초과', content: { 'application/json': { schema: ErrorResponse } } },
  415: { description: '지원하지 않는 형식 또는 확장자와 내용 불일치', content: { 'application/json': { schema: ErrorResponse } } },
};

export function registerDirectSendOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post', path: '/api/direct-sends', tags: ['campaigns'],
    summary: '직접 발송 (붙여넣기/목록 수신자, 변수 이름·기타1–3·회신번호; Idempotency-Key 헤더 필수)',
    request: { body: { content: { 'application/json': { schema: DirectSendBody } } } },
    responses: { 202: { description: '발송 요청됨', content: { 'application/json': { schema: DirectSendResult } } }, ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/direct-sends/recipients-file', tags: ['campaigns'],
    summary: '직접 발송 수신자 파일 읽기 (.csv UTF-8/CP949, .txt, .xlsx, .xls; 10MB·50,000명 이하) → 정규화된 수신자 목록, 잘못된 줄·중복 줄 번호',
    request: { body: recipientsFileRequestBody },
    responses: {
      200: { description: '수신자 목록 (POST /api/direct-sends의 recipients로 보냄)', content: { 'application/json': { schema: DirectRecipientsFileResult } } },
      ...errorResponses,
      ...recipientsFileErrorResponses,
    },
  });
}
