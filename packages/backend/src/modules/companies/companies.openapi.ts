import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  Company,
  CompanyAdminUpdateBody,
  CompanyCreated,
  CompanyIdParams,
  CompanyList,
  CompanyListQuery,
  CompanyTerminated,
  CreateCompanyBody,
  ErrorResponse,
  SyncCredentials,
  TerminateCompanyBody,
  UpdateCompanyBody,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const conflict409 = (what: string) => ({ 409: json(ErrorResponse, what) });
const tags = ['companies'];

export function registerCompanyOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post', path: '/api/admin/companies', tags,
    summary: '고객사 생성 (동기화 키/시크릿 발급, 시크릿은 이 응답에서 한 번만 보임)',
    request: body(CreateCompanyBody),
    responses: { 201: json(CompanyCreated, '생성된 고객사와 시크릿'), ...errorResponses, ...conflict409('코드 또는 080 번호 중복, 비활성 요금제') },
  });
  registry.registerPath({
    method: 'get', path: '/api/admin/companies', tags, summary: '고객사 목록 (이름/코드 검색, 상태 필터, 페이지)',
    request: { query: CompanyListQuery },
    responses: { 200: json(CompanyList, '고객사 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/admin/companies/{id}', tags, summary: '고객사 상세 (요금제, 라인그룹, 사용자 수)',
    request: { params: CompanyIdParams },
    responses: { 200: json(Company, '고객사'), ...errorResponses },
  });
  registry.registerPath({
    method: 'patch', path: '/api/admin/companies/{id}', tags,
    summary: '고객사 수정 (보낸 항목만, 변경마다 감사 기록; 단가/과금/상태/요금제는 별도 감사 액션; 잔액은 여기서 바꿀 수 없음 → 잔액 조정 API)',
    request: { params: CompanyIdParams, ...body(UpdateCompanyBody) },
    responses: { 200: json(Company, '수정된 고객사'), ...errorResponses, ...conflict409('해지된 고객사, 중복, 사용자 수 초과') },
  });
  registry.registerPath({
    method: 'post', path: '/api/admin/companies/{id}/sync-credentials/rotate', tags,
    summary: '동기화 키/시크릿 재발급 (이전 키는 즉시 무효, 시크릿은 한 번만 보임)',
    request: { params: CompanyIdParams },
    responses: { 200: json(SyncCredentials, '새 키와 시크릿'), ...errorResponses, ...conflict409('해지된 고객사') },
  });
  registry.registerPath({
    method: 'post', path: '/api/admin/companies/{id}/terminate', tags,
    summary: '고객사 해지 (사용자 잠금, 세션 종료; 예약/발송 중 캠페인이 있으면 409)',
    request: { params: CompanyIdParams, ...body(TerminateCompanyBody) },
    responses: { 200: json(CompanyTerminated, '해지된 고객사'), ...errorResponses, ...conflict409('이미 해지됨, 진행 중 캠페인') },
  });
  registry.registerPath({
    method: 'get', path: '/api/company', tags, summary: '내 고객사 (고객사 관리자; 단가와 잔액은 읽기 전용)',
    responses: { 200: json(Company, '고객사'), ...errorResponses },
  });
  registry.registerPath({
    method: 'patch', path: '/api/company', tags,
    summary: '내 고객사 설정 변경 (담당자, 주소, 세션 시간, 발송 시간대, 080 번호만; 그 외 항목은 403)',
    request: body(CompanyAdminUpdateBody),
    responses: { 200: json(Company, '수정된 고객사'), ...errorResponses, ...conflict409('080 번호 중복') },
  });
}
