import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Callback080LogPage, Callback080LogQuery, Callback080Numbers, CompanyCallback080Stat } from '@hanjullo/shared';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { create080CallbackHandler, getCompanyCallback080Stat, listCallback080Logs, listCallback080Numbers } from './callback-080.service.js';

/** Narae's query string as documented (KOREAN-MESSAGING-RULES §3; the token is the security scheme). */
const Callback080Params = z.object({
  cid: z.string().describe('수신거부를 요청한 발신자 번호 (하이픈 허용)'),
  fr: z.string().describe('발신자가 건 고객사의 080 수신거부 번호 (하이픈 허용)'),
});

/**
 * How it is read: each parameter falls back to '' on its own, so a missing or repeated one is
 * refused and logged like any bad call, never answered with a 400 — Narae only understands 1/0.
 */
const Callback080Query = z.object({ cid: z.string().catch(''), fr: z.string().catch(''), token: z.string().catch('') })
  .catch({ cid: '', fr: '', token: '' });

const Callback080AnswerText = z.enum(['1', '0']).describe('1 = 수신거부 등록됨 (이미 등록된 번호 포함), 0 = 거부 또는 실패');

/**
 * The Narae 080 ARS callback (public: its guard is the source IP allowlist and the token) and the
 * operator's views of it. The callback always answers 200 `text/plain` `1`/`0`, as Narae expects.
 */
export function unsubscribeRoutes(deps: AppDeps): Router {
  const router = Router();
  const handle080Callback = create080CallbackHandler(deps);

  router.get('/api/unsubscribes/080callback', async (req, res) => {
    const answer = await handle080Callback({ ...Callback080Query.parse(req.query), ip: req.ip, log: req.log });
    // written directly: no ETag/304 handling, which a no-store machine answer has no use for
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 1, 'Cache-Control': 'no-store' }).end(answer);
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
 * The Narae callback — a machine contract (KOREAN-MESSAGING-RULES §3), not a session API: its
 * credential is the `token` query parameter plus the source-address allowlist, and it answers
 * `text/plain` 1/0 with status 200 whatever happens — and the operator views of it.
 */
export function registerUnsubscribeOpenApi(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'Narae080Token', {
    type: 'apiKey', in: 'query', name: 'token',
    description: '나래인터넷과 공유한 080 콜백 토큰 (NARAE_080_TOKEN). 허용된 발신 IP(NARAE_080_ALLOWED_IPS)에서 온 요청만 처리합니다.',
  });
  registry.registerPath({
    method: 'get', path: '/api/unsubscribes/080callback', tags: ['opt-outs'], security: [{ Narae080Token: [] }],
    summary: '나래인터넷 080 ARS 수신거부 콜백',
    description: '발신자를 080 번호 주인 고객사의 수신거부 목록에 저장한 뒤(중복 호출은 이미 등록으로 처리) `1`, ' +
      '허용되지 않은 IP, 토큰 불일치, 모르는 080 번호, 휴대폰이 아닌 번호, 저장 실패는 `0`을 답합니다. ' +
      '항상 200 `text/plain`이며 모든 호출은 운영자 기록에 남습니다 (발신자 번호는 가림, 토큰은 기록하지 않음).',
    request: { query: Callback080Params },
    responses: { 200: { description: '1 또는 0', content: { 'text/plain': { schema: Callback080AnswerText } } } },
  });
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
