import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  BulkDeleteCustomersBody,
  CreateCustomerBody,
  CustomerDetail,
  CustomerDetailQuery,
  CustomerIdParams,
  CustomerList,
  CustomerStats,
  DeleteAllCustomersBody,
  DeleteCustomersResponse,
  ErrorResponse,
  FieldCatalog,
  ListCustomersQuery,
  UpdateCustomerBody,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const tags = ['customers'];

export function registerCustomerOpenApi(registry: OpenAPIRegistry): void {
  const path = (method: 'get' | 'post' | 'patch' | 'delete', p: string, summary: string, request: object, responses: object) =>
    registry.registerPath({ method, path: p, tags, summary, request, responses: { ...responses, ...errorResponses } });
  path('get', '/api/customers', '고객 목록 (이름/휴대폰·뒤 4자리 검색, 성별·등급·지역·매장·수신동의·연령대·최근 구매 필터, 100건 이하 페이지)', { query: ListCustomersQuery }, { 200: json(CustomerList, '고객 목록') });
  path('get', '/api/customers/stats', '대시보드 통계 (전체, 수신동의, 수신거부, 성별, 연령대(KST), 등급, 지역)', {}, { 200: json(CustomerStats, '통계') });
  path('get', '/api/customers/field-catalog', '항목 목록 (표준 + 사용자 정의, 라벨, 데이터 유무)', {}, { 200: json(FieldCatalog, '항목 목록') });
  path('post', '/api/customers', '고객 직접 등록 (정규화 후 저장; 수신동의 명시 필수)', { body: body(CreateCustomerBody) }, {
    201: json(CustomerDetail, '등록된 고객'),
    409: json(ErrorResponse, '이미 등록된 고객'),
  });
  path('get', '/api/customers/{id}', '고객 상세 (사용자 정의 항목과 라벨, 구매 내역 페이지)', { params: CustomerIdParams, query: CustomerDetailQuery }, { 200: json(CustomerDetail, '고객') });
  path('patch', '/api/customers/{id}', '고객 수정 (보낸 항목만, null은 삭제; smsOptIn=false는 수신거부 목록에 추가)', { params: CustomerIdParams, body: body(UpdateCustomerBody) }, { 200: json(CustomerDetail, '수정된 고객') });
  path('delete', '/api/customers/{id}', '고객 삭제 (감사 기록)', { params: CustomerIdParams }, { 204: { description: '삭제됨' } });
  path('post', '/api/customers/bulk-delete', '선택 고객 삭제 (최대 1,000명, 감사 기록)', { body: body(BulkDeleteCustomersBody) }, { 200: json(DeleteCustomersResponse, '삭제 수') });
  path('post', '/api/customers/delete-all', '전체 고객 삭제 (고객사 관리자 전용, 고객사 이름을 정확히 입력)', { body: body(DeleteAllCustomersBody) }, { 200: json(DeleteCustomersResponse, '삭제 수') });
}
