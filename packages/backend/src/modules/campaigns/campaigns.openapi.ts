import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  Campaign, CampaignIdParams, CampaignList, CampaignListQuery, CampaignPreview, CampaignRecipientParams, CancelCampaignBody,
  CancelResult, CompanyCampaignParams, CreateCampaignBody, CreateTestContactBody, RescheduleCampaignBody, SendCampaignBody,
  TestContact, TestContactIdParams, TestContactList, TestSendResult, UpdateCampaignMessageBody,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const tags = ['campaigns'];

export function registerCampaignOpenApi(registry: OpenAPIRegistry): void {
  const params = { params: CampaignIdParams };
  const paths: Array<[string, string, string, Record<string, unknown>, z.ZodType, number]> = [
    ['post', '/api/campaigns', '캠페인 초안 생성 (메시지·회신번호·예약 시간 검증)', { body: body(CreateCampaignBody) }, Campaign, 201],
    ['get', '/api/campaigns', '캠페인 목록 (month=YYYY-MM: KST 달력)', { query: CampaignListQuery }, CampaignList, 200],
    ['get', '/api/campaigns/{id}', '캠페인 상세 (상태, 발송 건수)', params, Campaign, 200],
    ['post', '/api/campaigns/{id}/preview', '대상 건수와 실제 수신자 기준 최종 메시지', params, CampaignPreview, 200],
    ['post', '/api/campaigns/{id}/test-send', '테스트 번호로 테스트 발송 (테스트 라인, 발송과 같이 과금)', params, TestSendResult, 201],
    ['post', '/api/campaigns/{id}/send', '즉시 또는 예약 발송 (Idempotency-Key 헤더 필수)', { ...params, body: body(SendCampaignBody) }, Campaign, 202],
    ['post', '/api/campaigns/{id}/cancel', '발송 취소 (대기 중인 큐 행 삭제, 미발송분 환불; 관리자는 사유 필수)', { ...params, body: body(CancelCampaignBody) }, CancelResult, 200],
    ['put', '/api/campaigns/{id}/schedule', '예약 시간 변경 (발송 15분 전부터 마케터 불가)', { ...params, body: body(RescheduleCampaignBody) }, Campaign, 200],
    ['put', '/api/campaigns/{id}/message', '메시지 수정 (발송 전까지)', { ...params, body: body(UpdateCampaignMessageBody) }, Campaign, 200],
    ['delete', '/api/campaigns/{id}/recipients/{phone}', '발송 전 수신자 한 명 제외', { params: CampaignRecipientParams }, Campaign, 200],
    ['post', '/api/admin/companies/{companyId}/campaigns/{id}/cancel', '슈퍼관리자 발송 취소 (사유 필수)', { params: CompanyCampaignParams, body: body(CancelCampaignBody) }, CancelResult, 200],
    ['get', '/api/test-contacts', '테스트 번호 목록 (내 번호 + 공용)', {}, TestContactList, 200],
    ['post', '/api/test-contacts', '테스트 번호 등록', { body: body(CreateTestContactBody) }, TestContact, 201],
  ];
  for (const [method, path, summary, request, schema, status] of paths) {
    registry.registerPath({
      method: method as 'get', path, tags, summary, request,
      responses: { [status]: json(schema, summary), ...errorResponses },
    });
  }
  registry.registerPath({
    method: 'delete', path: '/api/test-contacts/{id}', tags, summary: '테스트 번호 삭제',
    request: { params: TestContactIdParams }, responses: { 204: { description: '삭제됨' }, ...errorResponses },
  });
}
