import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  GenerateMessageBody,
  GenerateMessageResult,
  MapColumnsBody,
  MapColumnsResult,
  RecommendTargetBody,
  RecommendTargetResult,
} from '@hanjullo/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { generateMessage, mapColumns, recommendTarget } from './ai.service.js';

/** The AI assistant for company users (marketers and company admins), in their own scope. */
export function aiRoutes(deps: AppDeps): Router {
  const router = Router();
  const companyUsers = [authenticate(deps), requireRole('company_user', 'company_admin')];

  router.post('/api/ai/recommend-target', ...companyUsers, async (req, res) => {
    const { prompt } = parse(RecommendTargetBody, req.body);
    res.json(await recommendTarget(deps, companyScopeOf(getAuth(req)), prompt));
  });

  router.post('/api/ai/generate-message', ...companyUsers, async (req, res) => {
    const body = parse(GenerateMessageBody, req.body);
    res.json(await generateMessage(deps, companyScopeOf(getAuth(req)), body));
  });

  router.post('/api/ai/map-columns', ...companyUsers, async (req, res) => {
    const body = parse(MapColumnsBody, req.body);
    const scope = companyScopeOf(getAuth(req));
    res.json(await mapColumns(deps, scope.companyId, body, { rateLimit: true, onBudgetExhausted: 'refuse' }));
  });

  return router;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const tags = ['ai'];

export function registerAiOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post', path: '/api/ai/recommend-target', tags, request: body(RecommendTargetBody),
    summary: '한 줄 요청 → 대상 필터·광고 여부·채널·발송 시각·캠페인명과 정확한 대상 인원 (1분 20회, 월 한도)',
    responses: { 200: json(RecommendTargetResult, '추천 결과'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/ai/generate-message', tags, request: body(GenerateMessageBody),
    summary: '문구 3종(감성형·혜택강조형·MZ감성형): 광고 표기·수신거부 포함 최종 바이트가 한도 안에 들어가는 문구만',
    responses: { 200: json(GenerateMessageResult, '문구'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/ai/map-columns', tags, request: body(MapColumnsBody),
    summary: '컬럼 이름 → 표준 필드 매핑 제안 (데이터는 보내지 않음; 고객사별 캐시)',
    responses: { 200: json(MapColumnsResult, '매핑 제안'), ...errorResponses },
  });
}
