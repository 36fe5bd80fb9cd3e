import { Router, type Request } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  CreateMessageTemplateBody, MessageTemplate, MessageTemplateIdParams, MessageTemplateList, UpdateMessageTemplateBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { createMessageTemplate, deleteMessageTemplate, listMessageTemplates, updateMessageTemplate } from './templates.service.js';

const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
const idOf = (req: Request) => parse(MessageTemplateIdParams, req.params).id;

/** Saved message templates for marketers and company admins. */
export function templateRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_user', 'company_admin')];
  router.get('/api/message-templates', ...guard, async (req, res) => {
    res.json(await listMessageTemplates(deps, scopeOf(req)));
  });
  router.post('/api/message-templates', ...guard, async (req, res) => {
    res.status(201).json(await createMessageTemplate(deps, scopeOf(req), actorOf(req), parse(CreateMessageTemplateBody, req.body)));
  });
  router.put('/api/message-templates/:id', ...guard, async (req, res) => {
    res.json(await updateMessageTemplate(deps, scopeOf(req), actorOf(req), idOf(req), parse(UpdateMessageTemplateBody, req.body)));
  });
  router.delete('/api/message-templates/:id', ...guard, async (req, res) => {
    await deleteMessageTemplate(deps, scopeOf(req), actorOf(req), idOf(req));
    res.status(204).end();
  });
  return router;
}

export function registerTemplateOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['campaigns'];
  const json = (schema: typeof MessageTemplate | typeof MessageTemplateList, description: string) =>
    ({ description, content: { 'application/json': { schema } } });
  const body = (schema: typeof CreateMessageTemplateBody | typeof UpdateMessageTemplateBody) =>
    ({ content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'get', path: '/api/message-templates', tags, summary: '메시지 템플릿 목록 (내 템플릿 + 공용)',
    responses: { 200: json(MessageTemplateList, '템플릿 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/message-templates', tags, summary: '메시지 템플릿 저장',
    request: { body: body(CreateMessageTemplateBody) }, responses: { 201: json(MessageTemplate, '저장됨'), ...errorResponses },
  });
  registry.registerPath({
    method: 'put', path: '/api/message-templates/{id}', tags, summary: '메시지 템플릿 수정 (공용은 만든 사람·관리자만)',
    request: { params: MessageTemplateIdParams, body: body(UpdateMessageTemplateBody) },
    responses: { 200: json(MessageTemplate, '수정됨'), ...errorResponses },
  });
  registry.registerPath({
    method: 'delete', path: '/api/message-templates/{id}', tags, summary: '메시지 템플릿 삭제 (공용은 만든 사람·관리자만)',
    request: { params: MessageTemplateIdParams }, responses: { 204: { description: '삭제됨' }, ...errorResponses },
  });
}
