import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  CreateSyncReleaseBody,
  ErrorResponse,
  IssueSyncCommandBody,
  SyncAgentDetail,
  SyncAgentList,
  SyncAgentListQuery,
  SyncAgentParams,
  SyncCommandRecord,
  SyncLogPage,
  SyncLogQuery,
  SyncRelease,
  UpdateSyncAgentBody,
} from '@hanjullo/shared';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { parse } from '../../http/parse.js';
import {
  createSyncRelease,
  getSyncAgent,
  issueSyncCommand,
  listAgentLogs,
  listSyncAgents,
  listSyncReleases,
  updateSyncAgent,
} from './sync-admin.service.js';

/** Super-admin monitoring of sync agents (`/api/admin/sync/...`). Key rotation lives in companies. */
export function syncAdminRoutes(deps: AppDeps): Router {
  const router = Router();
  const superAdmin = [authenticate(deps), requireRole('super_admin')];

  router.get('/api/admin/sync/agents', ...superAdmin, async (req, res) => {
    res.json(await listSyncAgents(deps, parse(SyncAgentListQuery, req.query)));
  });
  router.get('/api/admin/sync/agents/:agentId', ...superAdmin, async (req, res) => {
    const { agentId } = parse(SyncAgentParams, req.params);
    res.json(await getSyncAgent(deps, agentId));
  });
  router.get('/api/admin/sync/agents/:agentId/logs', ...superAdmin, async (req, res) => {
    const { agentId } = parse(SyncAgentParams, req.params);
    res.json(await listAgentLogs(deps, agentId, parse(SyncLogQuery, req.query)));
  });
  router.patch('/api/admin/sync/agents/:agentId', ...superAdmin, async (req, res) => {
    const { agentId } = parse(SyncAgentParams, req.params);
    res.json(await updateSyncAgent(deps, actorOf(req), agentId, parse(UpdateSyncAgentBody, req.body)));
  });
  router.post('/api/admin/sync/agents/:agentId/commands', ...superAdmin, async (req, res) => {
    const { agentId } = parse(SyncAgentParams, req.params);
    res.status(201).json(await issueSyncCommand(deps, actorOf(req), agentId, parse(IssueSyncCommandBody, req.body)));
  });
  router.get('/api/admin/sync/releases', ...superAdmin, async (_req, res) => {
    res.json({ items: await listSyncReleases(deps) });
  });
  router.post('/api/admin/sync/releases', ...superAdmin, async (req, res) => {
    res.status(201).json(await createSyncRelease(deps, actorOf(req), parse(CreateSyncReleaseBody, req.body)));
  });
  return router;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['sync-admin'];
const conflict409 = { 409: json(ErrorResponse, '이미 등록된 버전') };

export function registerSyncAdminOpenApi(registry: OpenAPIRegistry): void {
  const agentPath = '/api/admin/sync/agents/{agentId}';
  registry.registerPath({ method: 'get', path: '/api/admin/sync/agents', tags, summary: '동기화 에이전트 목록 (온라인 ≤70분 / 지연 ≤130분 / 오프라인, 24시간 오류율)', request: { query: SyncAgentListQuery }, responses: { 200: json(SyncAgentList, '에이전트 목록'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: agentPath, tags, summary: '에이전트 상세 (최근 로그, 명령)', request: { params: SyncAgentParams }, responses: { 200: json(SyncAgentDetail, '에이전트'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: `${agentPath}/logs`, tags, summary: '동기화 로그 (최신순, 페이지)', request: { params: SyncAgentParams, query: SyncLogQuery }, responses: { 200: json(SyncLogPage, '로그'), ...errorResponses } });
  registry.registerPath({ method: 'patch', path: agentPath, tags, summary: '주기, 매핑, 고객사 권장 배치 크기 변경', request: { params: SyncAgentParams, body: { content: { 'application/json': { schema: UpdateSyncAgentBody } } } }, responses: { 200: json(SyncAgentDetail, '변경된 에이전트'), ...errorResponses } });
  registry.registerPath({ method: 'post', path: `${agentPath}/commands`, tags, summary: '명령 발행 (다음 하트비트로 전달, 확인될 때까지 재전달)', request: { params: SyncAgentParams, body: { content: { 'application/json': { schema: IssueSyncCommandBody } } } }, responses: { 201: json(SyncCommandRecord, '발행된 명령'), ...errorResponses } });
  registry.registerPath({ method: 'get', path: '/api/admin/sync/releases', tags, summary: '등록된 에이전트 릴리스', responses: { 200: json(z.object({ items: z.array(SyncRelease) }), '릴리스 목록'), ...errorResponses } });
  registry.registerPath({ method: 'post', path: '/api/admin/sync/releases', tags, summary: '에이전트 릴리스 등록 (https URL + SHA-256 체크섬 필수 — 등록하면 에이전트가 자동 업데이트함)', request: { body: { content: { 'application/json': { schema: CreateSyncReleaseBody } } } }, responses: { 201: json(SyncRelease, '등록된 릴리스'), ...errorResponses, ...conflict409 } });
}
