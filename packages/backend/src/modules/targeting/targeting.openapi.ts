import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { FILTER_FIELDS, FILTER_OPERATORS, TargetFieldCatalog, TargetPreview } from '@hanjullo/shared';
import { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['targeting'];

// Documentation shape of the filter AST (the real parser is the shared `TargetFilter`).
const ConditionDoc = z.object({
  field: z.enum(FILTER_FIELDS as [string, ...string[]]),
  operator: z.enum(FILTER_OPERATORS),
  value: z.unknown().describe('연산자별 값: eq/neq 값, in 배열(≤200), gte/lte 값, between·age_band {from,to}, days_* 일수, contains 문자열, birthday_month 1–12 또는 "this_month"'),
});
const GroupDoc = z.object({
  op: z.enum(['and', 'or']),
  conditions: z.array(z.union([ConditionDoc, z.object({ op: z.enum(['and', 'or']), conditions: z.array(z.unknown()) })])).min(1),
});
const PreviewBodyDoc = z.object({
  filter: z.union([z.object({ all: z.literal(true) }), GroupDoc])
    .describe('대상 조건. 비어 있는 조건({}·빈 그룹)은 거부되며, 전체 고객은 { "all": true }로 명시합니다. 그룹은 3단계·조건 50개까지.'),
  isAd: z.boolean().describe('광고 여부: 광고는 수신동의 고객만, 정보성은 동의와 무관. 수신거부는 항상 제외.'),
});

export function registerTargetingOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post', path: '/api/targeting/preview', tags,
    summary: '대상 미리보기: 일치 → 수신거부 → 미동의(광고) → 중복 번호 → 최종 (합계가 일치), 샘플 수신자',
    request: { body: { content: { 'application/json': { schema: PreviewBodyDoc } } } },
    responses: { 200: json(TargetPreview, '대상 인원'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/targeting/fields', tags,
    summary: '필터 항목 목록 (표준 + 고객사 사용자 정의 항목, 등급·지역·매장코드 값 목록)',
    responses: { 200: json(TargetFieldCatalog, '필터 항목'), ...errorResponses },
  });
}
