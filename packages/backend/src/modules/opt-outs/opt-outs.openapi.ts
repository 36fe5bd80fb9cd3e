import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  AddOptOutBody, AddOptOutResult, CheckOptOutsBody, CheckOptOutsResult, CompanyOptOutPhoneParams, CompanyOptOutsParams,
  DeleteOptOutBody, DeleteOptOutResult, ErrorResponse, ListOptOutsQuery, OptOutList, OptOutPhoneParams, OptOutUploadResult,
} from '@hanjullo/shared';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const tags = ['opt-outs'];

export function registerOptOutOpenApi(registry: OpenAPIRegistry): void {
  const added = { 201: json(AddOptOutResult, '등록됨'), 200: json(AddOptOutResult, '이미 등록된 번호 (alreadyListed: true)') };
  const deleted = { 200: json(DeleteOptOutResult, '삭제됨 (감사 기록; 고객 수신동의는 바뀌지 않음)') };
  const paths: Array<[string, string, string, Record<string, unknown>, Record<number, unknown>]> = [
    ['get', '/api/opt-outs', '수신거부 목록 (번호 전체/끝 4자리 검색, 출처 필터; 매장 담당자는 담당 매장 항목만)', { query: ListOptOutsQuery }, { 200: json(OptOutList, '목록') }],
    ['post', '/api/opt-outs', '수신거부 번호 직접 등록 (출처 manual)', { body: body(AddOptOutBody) }, added],
    ['post', '/api/opt-outs/check', '번호 목록 중 수신거부된 번호 (회사 전체 기준)', { body: body(CheckOptOutsBody) }, { 200: json(CheckOptOutsResult, '결과') }],
    ['delete', '/api/opt-outs/{phone}', '수신거부 해제 (고객 본인 요청 시에만: customerRequested true + 사유)', { params: OptOutPhoneParams, body: body(DeleteOptOutBody) }, deleted],
    ['get', '/api/admin/companies/{companyId}/opt-outs', '고객사 수신거부 목록 (슈퍼관리자)', { params: CompanyOptOutsParams, query: ListOptOutsQuery }, { 200: json(OptOutList, '목록') }],
    ['post', '/api/admin/companies/{companyId}/opt-outs', '고객사 수신거부 번호 등록 (슈퍼관리자)', { params: CompanyOptOutsParams, body: body(AddOptOutBody) }, added],
    ['delete', '/api/admin/companies/{companyId}/opt-outs/{phone}', '고객사 수신거부 해제 (슈퍼관리자; 고객 본인 요청 + 사유)', { params: CompanyOptOutPhoneParams, body: body(DeleteOptOutBody) }, deleted],
  ];
  for (const [method, path, summary, request, responses] of paths) {
    registry.registerPath({ method: method as 'get', path, tags, summary, request, responses: { ...responses, ...errorResponses } as never });
  }
  registry.registerPath({
    method: 'post', path: '/api/opt-outs/upload', tags,
    summary: '수신거부 번호 파일 업로드 (CSV/TXT, 한 줄에 하나 또는 첫 열; 5MB 이하; 추가/중복/오류 건수와 오류 줄 번호)',
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, storeCode: { type: 'string' } }, required: ['file'] },
          },
        },
      },
    },
    responses: { 200: json(OptOutUploadResult, '결과'), ...errorResponses, 413: json(ErrorResponse, '5MB 초과'), 415: json(ErrorResponse, 'CSV/TXT 아님') },
  });
  registry.registerPath({
    method: 'get', path: '/api/opt-outs/export.csv', tags, summary: '수신거부 목록 CSV 내려받기 (UTF-8 BOM)',
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
  });
}
