import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { CreatePlanBody, ErrorResponse, Plan, PlanIdParams, PlanList, UpdatePlanBody } from '@hanjullo/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { errorResponses } from '../../http/openapi.js';
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from './plans.service.js';

/** Super-admin plan management. Assignment is a company's `planId` (PATCH /api/admin/companies/:id). */
export function planRoutes(deps: AppDeps): Router {
  const router = Router();
  // per route, not router.use(): mounted at the root next to other modules' routers
  const superAdmin = [authenticate(deps), requireRole('super_admin')];

  router.get('/api/admin/plans', ...superAdmin, async (_req, res) => {
    res.json(await listPlans(deps));
  });

  router.post('/api/admin/plans', ...superAdmin, async (req, res) => {
    res.status(201).json(await createPlan(deps, actorOf(req), parse(CreatePlanBody, req.body)));
  });

  router.get('/api/admin/plans/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(PlanIdParams, req.params);
    res.json(await getPlan(deps, id));
  });

  router.patch('/api/admin/plans/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(PlanIdParams, req.params);
    res.json(await updatePlan(deps, actorOf(req), id, parse(UpdatePlanBody, req.body)));
  });

  router.delete('/api/admin/plans/:id', ...superAdmin, async (req, res) => {
    const { id } = parse(PlanIdParams, req.params);
    await deletePlan(deps, actorOf(req), id);
    res.status(204).end();
  });

  return router;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const conflict409 = { 409: json(ErrorResponse, '충돌 (코드 중복, 고객사가 사용 중인 요금제 삭제)') };
const tags = ['plans'];

export function registerPlanOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get', path: '/api/admin/plans', tags, summary: '요금제 목록 (사용 중인 고객사 수 포함)',
    responses: { 200: json(PlanList, '요금제 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/admin/plans', tags, summary: '요금제 생성',
    request: { body: { content: { 'application/json': { schema: CreatePlanBody } } } },
    responses: { 201: json(Plan, '생성된 요금제'), ...errorResponses, ...conflict409 },
  });
  registry.registerPath({
    method: 'get', path: '/api/admin/plans/{id}', tags, summary: '요금제 조회',
    request: { params: PlanIdParams },
    responses: { 200: json(Plan, '요금제'), ...errorResponses },
  });
  registry.registerPath({
    method: 'patch', path: '/api/admin/plans/{id}', tags, summary: '요금제 수정 (보낸 항목만 변경, isActive=false로 비활성화)',
    request: { params: PlanIdParams, body: { content: { 'application/json': { schema: UpdatePlanBody } } } },
    responses: { 200: json(Plan, '수정된 요금제'), ...errorResponses, ...conflict409 },
  });
  registry.registerPath({
    method: 'delete', path: '/api/admin/plans/{id}', tags, summary: '요금제 삭제 (고객사가 사용했던 요금제는 409, 비활성화할 것)',
    request: { params: PlanIdParams },
    responses: { 204: { description: '삭제됨' }, ...errorResponses, ...conflict409 },
  });
}
