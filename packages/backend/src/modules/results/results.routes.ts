import { Router, type Request } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  CampaignIdParams, ResultCampaignDetail, ResultCampaignList, ResultCampaignListQuery, ResultsSummary, ResultsSummaryQuery,
  RunMessagePage, RunMessageQuery, formatPhone,
} from '@hanjullo/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { UTF8_BOM, csvLine } from './csv.js';
import {
  getResultCampaign, getResultsSummary, iterateResultMessages, listResultCampaigns, listResultMessages,
} from './results.service.js';

const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
const idOf = (req: Request) => parse(CampaignIdParams, req.params).id;
const CSV_HEADER = ['수신번호', '회신번호', '유형', '결과코드', '결과', '분류', '통신사', '요청시각', '발송시각', '수신확인시각'];

export function resultRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_user', 'company_admin')];
  router.get('/api/results/summary', ...guard, async (req, res) => {
    res.json(await getResultsSummary(deps, scopeOf(req), parse(ResultsSummaryQuery, req.query)));
  });
  router.get('/api/results/campaigns', ...guard, async (req, res) => {
    res.json(await listResultCampaigns(deps, scopeOf(req), parse(ResultCampaignListQuery, req.query)));
  });
  router.get('/api/results/campaigns/:id', ...guard, async (req, res) => {
    res.json(await getResultCampaign(deps, scopeOf(req), idOf(req)));
  });
  router.get('/api/results/campaigns/:id/messages', ...guard, async (req, res) => {
    res.json(await listResultMessages(deps, scopeOf(req), idOf(req), parse(RunMessageQuery, req.query)));
  });
  router.get('/api/results/campaigns/:id/export.csv', ...guard, async (req, res) => {
    const pages = iterateResultMessages(deps, scopeOf(req), idOf(req));
    const first = await pages.next(); // errors (404) before any byte is written
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="results-${idOf(req)}.csv"`);
    res.write(UTF8_BOM + csvLine(CSV_HEADER));
    for (let page = first; !page.done; page = await pages.next()) {
      const chunk = page.value.map((m) => csvLine([
        formatPhone(m.destNo), formatPhone(m.callBack), m.msgType, m.statusCode, m.label, m.category, m.carrierLabel,
        m.sendreqTime, m.mobsendTime, m.reportTime,
      ])).join('');
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  return router;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export function registerResultOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['results'];
  const params = { params: CampaignIdParams };
  registry.registerPath({ method: 'get', path: '/api/results/summary', tags, summary: '기간 발송 요약 (KST 날짜)', request: { query: ResultsSummaryQuery }, responses: { 200: json(ResultsSummary, '요약'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: '/api/results/campaigns', tags, summary: '캠페인별 결과 목록', request: { query: ResultCampaignListQuery }, responses: { 200: json(ResultCampaignList, '목록'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: '/api/results/campaigns/{id}', tags, summary: '캠페인 결과 (통신사, 실패 사유)', request: params, responses: { 200: json(ResultCampaignDetail, '상세'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: '/api/results/campaigns/{id}/messages', tags, summary: '메시지별 결과 (검색, 상태 필터)', request: { ...params, query: RunMessageQuery }, responses: { 200: json(RunMessagePage, '페이지'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: '/api/results/campaigns/{id}/export.csv', tags, summary: 'CSV 내보내기 (UTF-8 BOM)', request: params, responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses } });
}
