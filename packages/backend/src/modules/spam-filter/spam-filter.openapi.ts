import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ActiveSpamTest, CreateSpamTestBody, SpamDeviceList, SpamTest, SpamTestIdParams, SpamTestListQuery, SpamTestPage,
  UnmatchedSpamReportList,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['spam-filter'];

/**
 * Session endpoints only. The phone app's POST /api/spam-filter/devices and /report authenticate
 * with `X-Spam-Token` instead of a session and are documented in the module, not in this registry
 * (the role × endpoint matrix walks every registered path with session tokens).
 */
export function registerSpamFilterOpenApi(registry: OpenAPIRegistry): void {
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
