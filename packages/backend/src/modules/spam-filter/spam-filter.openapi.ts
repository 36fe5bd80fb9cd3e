import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ActiveSpamTest, CreateSpamTestBody, ErrorResponse, RegisterSpamDeviceBody, SpamDeviceList, SpamDeviceRegistered, SpamReportBody,
  SpamReportResult, SpamTest, SpamTestIdParams, SpamTestListQuery, SpamTestPage, UnmatchedSpamReportList,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['spam-filter'];

const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });

/** The test phones' app: `X-Spam-Token` (SPAM_APP_TOKEN, compared in constant time), never a session. */
function registerSpamAppOpenApi(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'SpamAppToken', {
    type: 'apiKey', in: 'header', name: 'X-Spam-Token', description: '스팸 테스트 폰 앱 토큰 (SPAM_APP_TOKEN)',
  });
  const security = [{ SpamAppToken: [] }];
  const appErrors = {
    400: json(ErrorResponse, '입력 오류'),
    401: json(ErrorResponse, 'X-Spam-Token 없음 또는 불일치'),
  };
  registry.registerPath({
    method: 'post', path: '/api/spam-filter/devices', tags, security,
    summary: '테스트 폰 등록 또는 하트비트 (기기 ID 기준 갱신, 번호는 기기를 따라 이동)',
    request: body(RegisterSpamDeviceBody), responses: { 200: json(SpamDeviceRegistered, '등록된 테스트 폰'), ...appErrors },
  });
  registry.registerPath({
    method: 'post', path: '/api/spam-filter/report', tags, security,
    summary: '테스트 폰의 수신 보고 (진행 중인 테스트와 맞으면 해당 폰·메시지 종류를 수신으로 판정)',
    request: body(SpamReportBody),
    responses: { 200: json(SpamReportResult, '매칭 결과'), ...appErrors, 404: json(ErrorResponse, '등록되지 않은 테스트 폰') },
  });
}

/** Company users' and super admins' endpoints (sessions), and the phone app's (`X-Spam-Token`). */
export function registerSpamFilterOpenApi(registry: OpenAPIRegistry): void {
  registerSpamAppOpenApi(registry);
  const paths: Array<[string, string, string, Record<string, unknown>, z.ZodType, number]> = [
    ['post', '/api/spam-filter/tests', '스팸 필터 테스트 시작 (최종 문구로 통신사별 테스트 폰에 발송, 테스트 라인, 발송과 같이 과금)',
      { body: { content: { 'application/json': { schema: CreateSpamTestBody } } } }, SpamTest, 201],
    ['get', '/api/spam-filter/tests', '스팸 필터 테스트 이력', { query: SpamTestListQuery }, SpamTestPage, 200],
    ['get', '/api/spam-filter/tests/{id}', '스팸 필터 테스트 상태와 폰·메시지 종류별 판정', { params: SpamTestIdParams }, SpamTest, 200],
    ['get', '/api/spam-filter/active', '진행 중(대기 포함)인 스팸 필터 테스트', {}, ActiveSpamTest, 200],
    ['get', '/api/admin/spam-filter/devices', '스팸 테스트 폰 목록 (최근 10분 내 접속 = 온라인)', {}, SpamDeviceList, 200],
    ['get', '/api/admin/spam-filter/reports', '어느 테스트와도 맞지 않은 수신 보고', {}, UnmatchedSpamReportList, 200],
  ];
  for (const [method, path, summary, request, schema, status] of paths) {
    registry.registerPath({ method: method as 'get', path, tags, summary, request, responses: { [status]: json(schema, summary), ...errorResponses } });
  }
}
