import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  CallbackNumber,
  CallbackNumberIdParams,
  CallbackNumberList,
  CompanyCallbackNumberParams,
  CompanyUserParams,
  CompanyUsersParams,
  CreateCallbackNumberBody,
  ErrorResponse,
  OwnCompanyUserParams,
  SetUserCallbackNumbersBody,
  UpdateCallbackNumberBody,
  UsableCallbackNumberList,
  UserCallbackNumbers,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const conflict409 = { 409: json(ErrorResponse, '이미 등록된 회신번호') };

const SURFACES = [
  {
    prefix: '/api/admin/companies/{companyId}',
    who: '슈퍼관리자',
    tag: 'callback-numbers (super admin)',
    company: CompanyUsersParams as z.ZodObject | undefined,
    number: CompanyCallbackNumberParams as z.ZodObject,
    user: CompanyUserParams as z.ZodObject,
  },
  {
    prefix: '/api/company',
    who: '고객사 관리자 — 등록·변경·삭제는 직접 등록이 허용된 고객사만 (아니면 403)',
    tag: 'callback-numbers (company admin)',
    company: undefined,
    number: CallbackNumberIdParams as z.ZodObject,
    user: OwnCompanyUserParams as z.ZodObject,
  },
];

export function registerCallbackNumberOpenApi(registry: OpenAPIRegistry): void {
  for (const { prefix, who, tag, company, number, user } of SURFACES) {
    const tags = [tag];
    const base = `${prefix}/callback-numbers`;
    const companyParams = company ? { params: company } : {};
    registry.registerPath({
      method: 'get', path: base, tags, summary: `회신번호 목록 — ${who}`,
      request: companyParams,
      responses: { 200: json(CallbackNumberList, '회신번호 목록'), ...errorResponses },
    });
    registry.registerPath({
      method: 'post', path: base, tags,
      summary: `회신번호 등록 (형식 검사, 고객사 내 중복 불가, 첫 번호는 자동 기본) — ${who}`,
      request: { ...companyParams, body: body(CreateCallbackNumberBody) },
      responses: { 201: json(CallbackNumber, '등록된 회신번호'), ...errorResponses, ...conflict409 },
    });
    registry.registerPath({
      method: 'patch', path: `${base}/{id}`, tags, summary: `회신번호 수정 — ${who}`,
      request: { params: number, body: body(UpdateCallbackNumberBody) },
      responses: { 200: json(CallbackNumber, '수정된 회신번호'), ...errorResponses, ...conflict409 },
    });
    registry.registerPath({
      method: 'delete', path: `${base}/{id}`, tags,
      summary: `회신번호 삭제 (기본 번호였다면 가장 오래된 번호가 기본이 됨) — ${who}`,
      request: { params: number },
      responses: { 204: { description: '삭제됨' }, ...errorResponses },
    });
    registry.registerPath({
      method: 'post', path: `${base}/{id}/default`, tags, summary: `기본 회신번호 지정 (고객사당 하나) — ${who}`,
      request: { params: number },
      responses: { 200: json(CallbackNumber, '기본 회신번호'), ...errorResponses },
    });
    registry.registerPath({
      method: 'get', path: `${prefix}/users/{userId}/callback-numbers`, tags, summary: `사용자에게 배정된 회신번호 — ${who}`,
      request: { params: user },
      responses: { 200: json(UserCallbackNumbers, '배정된 회신번호 (없으면 제한 없음)'), ...errorResponses },
    });
    registry.registerPath({
      method: 'put', path: `${prefix}/users/{userId}/callback-numbers`, tags,
      summary: `사용자 회신번호 제한 설정 (빈 목록 = 제한 없음) — ${who}`,
      request: { params: user, body: body(SetUserCallbackNumbersBody) },
      responses: { 200: json(UserCallbackNumbers, '배정 결과'), ...errorResponses },
    });
  }
  registry.registerPath({
    method: 'get', path: '/api/callback-numbers', tags: ['callback-numbers'],
    summary: '내가 사용할 수 있는 회신번호 (배정된 번호가 있으면 그 번호만, 없으면 고객사 전체)',
    responses: { 200: json(UsableCallbackNumberList, '사용 가능한 회신번호'), ...errorResponses },
  });
}
