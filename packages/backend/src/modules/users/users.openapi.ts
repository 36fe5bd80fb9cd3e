import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  CompanyUserParams,
  CompanyUsersParams,
  CreateUserBody,
  CreateUserResponse,
  ErrorResponse,
  ListUsersQuery,
  OwnCompanyUserParams,
  ResetPasswordBody,
  ResetPasswordResponse,
  UpdateUserBody,
  User,
  UserList,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const conflict409 = { 409: json(ErrorResponse, '충돌 (아이디 중복, 사용자 수 한도, 해지된 고객사)') };

const SURFACES = [
  {
    base: '/api/admin/companies/{companyId}/users',
    who: '슈퍼관리자',
    tag: 'users (super admin)',
    list: CompanyUsersParams,
    one: CompanyUserParams,
  },
  {
    base: '/api/company/users',
    who: '고객사 관리자 — 자기 고객사의 일반 사용자만 변경',
    tag: 'users (company admin)',
    list: undefined,
    one: OwnCompanyUserParams,
  },
] as const;

export function registerUserOpenApi(registry: OpenAPIRegistry): void {
  for (const { base, who, tag, list, one } of SURFACES) {
    const tags = [tag];
    const listParams = list ? { params: list } : {};
    registry.registerPath({
      method: 'get', path: base, tags,
      summary: `사용자 목록 (이름/아이디 검색, 상태 필터, 페이지) — ${who}`,
      request: { ...listParams, query: ListUsersQuery },
      responses: { 200: json(UserList, '사용자 목록과 사용자 수 한도'), ...errorResponses },
    });
    registry.registerPath({
      method: 'post', path: base, tags,
      summary: `사용자 생성 (비밀번호 생략 시 임시 비밀번호를 한 번만 반환, max_users 적용) — ${who}`,
      request: { ...listParams, body: body(CreateUserBody) },
      responses: { 201: json(CreateUserResponse, '생성된 사용자'), ...errorResponses, ...conflict409 },
    });
    registry.registerPath({
      method: 'get', path: `${base}/{userId}`, tags, summary: `사용자 조회 — ${who}`,
      request: { params: one },
      responses: { 200: json(User, '사용자'), ...errorResponses },
    });
    registry.registerPath({
      method: 'patch', path: `${base}/{userId}`, tags,
      summary: `사용자 수정 (보낸 항목만; 잠금/휴면/유형/매장 변경 시 세션 종료) — ${who}`,
      request: { params: one, body: body(UpdateUserBody) },
      responses: { 200: json(User, '수정된 사용자'), ...errorResponses },
    });
    registry.registerPath({
      method: 'delete', path: `${base}/{userId}`, tags,
      summary: `사용자 삭제 (소프트 삭제: 아이디 해제, 연락처 삭제, 세션 종료) — ${who}`,
      request: { params: one },
      responses: { 204: { description: '삭제됨' }, ...errorResponses },
    });
    registry.registerPath({
      method: 'post', path: `${base}/{userId}/reset-password`, tags,
      summary: `임시 비밀번호 발급 (한 번만 표시, 세션 종료, 휴대폰이 있으면 인증 라인으로 문자 발송) — ${who}`,
      request: { params: one, body: body(ResetPasswordBody) },
      responses: { 200: json(ResetPasswordResponse, '임시 비밀번호'), ...errorResponses },
    });
  }
}
