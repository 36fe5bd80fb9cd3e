import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ErrorResponse, ImportUploadBody, ImportUploadResponse, UploadIdParams, UploadPreview, UploadProgress } from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['customers (upload)'];

export function registerUploadOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/customers/uploads',
    tags,
    summary: '고객 파일 업로드(.csv UTF-8/CP949, .xlsx, .xls; 50MB 이하) → 미리보기(머리글, 앞 20행, 행 수, 인코딩, 추천 매핑)',
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
          },
        },
      },
    },
    responses: {
      201: json(UploadPreview, '미리보기'),
      ...errorResponses,
      413: json(ErrorResponse, '50MB 초과'),
      415: json(ErrorResponse, '지원하지 않는 형식 또는 확장자와 내용 불일치'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/customers/uploads/{id}/import',
    tags,
    summary: '가져오기 시작 (휴대폰 열 필수; 수신동의 열 또는 파일 전체 수신동의 지정 필수; 요금제 고객 수 한도 확인)',
    request: { params: UploadIdParams, body: { content: { 'application/json': { schema: ImportUploadBody } } } },
    responses: { 202: json(ImportUploadResponse, '대기열에 등록됨'), ...errorResponses, 409: json(ErrorResponse, '이미 가져옴/진행 중, 또는 요금제 고객 수 초과') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/customers/uploads/{id}',
    tags,
    summary: '가져오기 진행 상황 (처리/추가/수정/변경없음/실패/전체)',
    request: { params: UploadIdParams },
    responses: { 200: json(UploadProgress, '진행 상황'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/customers/uploads/{id}/failures.csv',
    tags,
    summary: '실패 행 보고서 CSV (UTF-8 BOM; 행 번호, 휴대폰번호, 사유)',
    request: { params: UploadIdParams },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses },
  });
}
