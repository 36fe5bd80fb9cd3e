import { Router, type Request } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Callback080LogPage, Callback080LogQuery, Callback080Numbers, CompanyCallback080Stat } from '@hanjullo/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { getCompanyCallback080Stat, handle080Callback, listCallback080Logs, listCallback080Numbers } from './callback-080.service.js';

const queryText = (req: Request, name: string): string => {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
};

/**
 * The Narae 080 ARS callback (public: its guard is the source IP allowlist and the token) and the
 * operator's views of it. The callback always answers 200 `text/plain` `1`/`0`, as Narae expects.
 */
export function unsubscribeRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/unsubscribes/080callback', async (req, res) => {
    const answer = await handle080Callback(deps, {
      cid: queryText(req, 'cid'), fr: queryText(req, 'fr'), token: queryText(req, 'token'), ip: req.ip, log: req.log,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/plain').send(answer);
  });

  router.get('/api/admin/unsubscribes/080/logs', authenticate(deps), requireRole('super_admin'), async (req, res) => {
    res.json(await listCallback080Logs(deps, parse(Callback080LogQuery, req.query)));
  });
  router.get('/api/admin/unsubscribes/080/numbers', authenticate(deps), requireRole('super_admin'), async (_req, res) => {
    res.json(await listCallback080Numbers(deps));
  });
  router.get('/api/company/unsubscribes/080', authenticate(deps), requireRole('company_admin'), async (req, res) => {
    res.json(await getCompanyCallback080Stat(deps, companyScopeOf(getAuth(req))));
  });
  return router;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * The operator views. The callback itself is Narae's machine contract (query token, IP allowlist,
 * `text/plain` 1/0), not a session API, so it is documented in KOREAN-MESSAGING-RULES §3 instead.
 */
export function registerUnsubscribeOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['opt-outs'];
  registry.registerPath({
    method: 'get', path: '/api/admin/unsubscribes/080/logs', tags, summary: '080 수신거부 콜백 기록 (결과 필터, 최신순)',
    request: { query: Callback080LogQuery }, responses: { 200: json(Callback080LogPage, '기록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/admin/unsubscribes/080/numbers', tags, summary: '080 번호별 고객사, 마지막 콜백 시각, 오늘(KST) 건수',
    responses: { 200: json(Callback080Numbers, '번호 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/company/unsubscribes/080', tags, summary: '내 080 번호의 마지막 콜백 시각과 오늘(KST) 건수',
    responses: { 200: json(CompanyCallback080Stat, '통계'), ...errorResponses },
  });
}
