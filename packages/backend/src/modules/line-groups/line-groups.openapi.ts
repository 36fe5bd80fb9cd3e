import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  AssignLineGroupBody,
  CompanyLineGroupAssignment,
  CompanyLineGroupParams,
  CreateLineGroupBody,
  ErrorResponse,
  LineGroup,
  LineGroupIdParams,
  LineGroupList,
  UpdateLineGroupBody,
  UserLineGroupAssignment,
  UserLineGroupParams,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const conflict409 = { 409: json(ErrorResponse, '충돌 (이름 중복, 배정된 그룹, 다른 유형 그룹의 테이블)') };
// every path: super admins only (401 without a session, 403 for other roles)
const tags = ['line-groups'];

export function registerLineGroupOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/admin/line-groups',
    tags,
    summary: '라인그룹 목록 (배정된 고객사, 사용자 배정 수, 설정된 전체 테이블 포함)',
    responses: { 200: json(LineGroupList, '라인그룹 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/admin/line-groups',
    tags,
    summary: '라인그룹 생성 (설정된 테이블만, 테스트/인증 테이블은 대량발송 그룹에 넣을 수 없음)',
    request: { body: { content: { 'application/json': { schema: CreateLineGroupBody } } } },
    responses: { 201: json(LineGroup, '생성된 라인그룹'), ...errorResponses, ...conflict409 },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/admin/line-groups/{id}',
    tags,
    summary: '라인그룹 조회',
    request: { params: LineGroupIdParams },
    responses: { 200: json(LineGroup, '라인그룹'), ...errorResponses },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/admin/line-groups/{id}',
    tags,
    summary: '라인그룹 수정 (보낸 항목만 변경)',
    request: { params: LineGroupIdParams, body: { content: { 'application/json': { schema: UpdateLineGroupBody } } } },
    responses: { 200: json(LineGroup, '수정된 라인그룹'), ...errorResponses, ...conflict409 },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/admin/line-groups/{id}',
    tags,
    summary: '라인그룹 삭제 (고객사/사용자에게 배정된 동안은 409)',
    request: { params: LineGroupIdParams },
    responses: { 204: { description: '삭제됨' }, ...errorResponses, ...conflict409 },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/admin/companies/{companyId}/line-group',
    tags,
    summary: '고객사 발송 라인그룹 배정 (대량발송 그룹만, null이면 해제 → 전체 대량발송 라인 라운드로빈)',
    request: { params: CompanyLineGroupParams, body: { content: { 'application/json': { schema: AssignLineGroupBody } } } },
    responses: { 200: json(CompanyLineGroupAssignment, '배정 결과'), ...errorResponses },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/admin/companies/{companyId}/users/{userId}/line-group',
    tags,
    summary: '사용자 발송 라인그룹 배정 (대량발송 그룹만, null이면 해제 → 고객사 라인그룹)',
    request: { params: UserLineGroupParams, body: { content: { 'application/json': { schema: AssignLineGroupBody } } } },
    responses: { 200: json(UserLineGroupAssignment, '배정 결과'), ...errorResponses },
  });
}
