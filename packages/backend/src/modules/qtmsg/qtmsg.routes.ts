import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { FleetStatsResponse, LineGroupList } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { authenticate, requireRole } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import { getFleetStats } from './fleet.service.js';
import { listLineGroups } from '../line-groups/line-groups.service.js';

/** Super-admin view of the agent fleet: queue depth per table and the line groups using them. */
export function qtmsgRoutes(deps: AppDeps): Router {
  const router = Router();
  const superAdmin = [authenticate(deps), requireRole('super_admin')];

  router.get('/api/admin/qtmsg/fleet', ...superAdmin, async (_req, res) => {
    const [stats, groups] = await Promise.all([
      getFleetStats(deps.mysql, { reportTz: deps.config.qtmsgReportTz }),
      listLineGroups(deps),
    ]);
    res.json({ ...stats, lineGroups: groups.lineGroups });
  });

  return router;
}

export function registerQtmsgOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/admin/qtmsg/fleet',
    tags: ['qtmsg'],
    summary: '에이전트(테이블)별 대기/처리중/최근 1시간 결과와 라인그룹 (슈퍼관리자)',
    responses: {
      200: {
        description: '테이블별 상태와 라인그룹',
        content: { 'application/json': { schema: FleetStatsResponse.extend({ lineGroups: LineGroupList.shape.lineGroups }) } },
      },
      ...errorResponses,
    },
  });
}
