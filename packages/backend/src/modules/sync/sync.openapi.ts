import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  RemoteConfig,
  SyncAiMappingBody,
  SyncAiMappingData,
  SyncConfigQuery,
  SyncCustomerRow,
  SyncCustomersBody,
  SyncCustomersData,
  SyncErrorResponse,
  SyncFieldDefinitionsBody,
  SyncFieldDefinitionsData,
  SyncFieldMapData,
  SyncHeartbeatBody,
  SyncHeartbeatData,
  SyncLogBody,
  SyncLogData,
  SyncPurchaseRow,
  SyncPurchasesBody,
  SyncPurchasesData,
  SyncRegisterBody,
  SyncRegisterData,
  SyncVersionData,
  SyncVersionQuery,
  syncSuccess,
} from '@hanjullo/shared';
import { z } from 'zod';
import { createOpenApiRegistry, generateOpenApiDocument, type OpenApiDocument } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const err = (description: string) => json(SyncErrorResponse, description);
const errors = {
  400: err('요청 형식 오류 (에이전트는 이 배치를 건너뜀)'),
  401: err('API 키/시크릿 없음 또는 불일치 (에이전트 중지)'),
  403: err('고객사 비활성 또는 DB 동기화 꺼짐 (에이전트 중지)'),
  429: err('RATE_LIMITED (분당 요청 한도, retry_after_seconds) 또는 SYNC_IN_PROGRESS'),
} as const;
const tags = ['sync-agent'];
const security = [{ SyncApiKey: [], SyncSecret: [] }];

const batchBody = (rows: 'customers' | 'purchases') =>
  (rows === 'customers' ? SyncCustomersBody.extend({ customers: z.array(SyncCustomerRow).max(10_000) }) : SyncPurchasesBody.extend({ purchases: z.array(SyncPurchaseRow).max(10_000) }));

/** Registers the agent API (`/api/sync/*`) from the shared zod schemas. */
export function registerSyncOpenApi(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'SyncApiKey', { type: 'apiKey', in: 'header', name: 'X-Sync-ApiKey' });
  registry.registerComponent('securitySchemes', 'SyncSecret', { type: 'apiKey', in: 'header', name: 'X-Sync-Secret' });
  const path = (method: 'get' | 'post', p: string, summary: string, responses: Record<number, unknown>, request?: Record<string, unknown>) =>
    registry.registerPath({ method, path: `/api/sync${p}`, tags, security, summary, ...(request ? { request } : {}), responses: { ...responses, ...errors } as never });

  path('post', '/register', '에이전트 등록 (고객사+agentName으로 upsert)', { 200: json(syncSuccess(SyncRegisterData), '등록됨') }, body(SyncRegisterBody));
  path('post', '/heartbeat', '하트비트 — 최상위 remoteConfig에 대기 중인 명령 포함', {
    200: json(syncSuccess(SyncHeartbeatData).extend({ remoteConfig: RemoteConfig }), '서버 시각, 업데이트 정보'),
    404: err('등록되지 않은 에이전트 (AGENT_NOT_FOUND)'),
  }, body(SyncHeartbeatBody));
  path('post', '/customers', '고객 배치 (최대 10,000행, 1,000행 단위 트랜잭션, 행별 실패 보고)', {
    200: json(syncSuccess(SyncCustomersData).extend({ config: RemoteConfig }), '처리 결과 + 권장 설정'),
    413: err('10,000행 초과 (BATCH_TOO_LARGE) 또는 본문 30MB 초과'),
  }, body(batchBody('customers')));
  path('post', '/purchases', '구매 배치 (자연키로 중복 제외 — 재전송해도 중복 없음)', {
    200: json(syncSuccess(SyncPurchasesData).extend({ config: RemoteConfig }), '처리 결과 + 권장 설정'),
    413: err('10,000행 초과 (BATCH_TOO_LARGE) 또는 본문 30MB 초과'),
  }, body(batchBody('purchases')));
  path('post', '/log', '에이전트의 동기화 실행 기록 (snake_case)', { 201: json(syncSuccess(SyncLogData), '기록됨') }, body(SyncLogBody));
  path('get', '/config', '원격 설정', { 200: json(syncSuccess(RemoteConfig), 'RemoteConfig') }, { query: SyncConfigQuery });
  path('get', '/version', '최신 버전 — 등록된 릴리스(URL+체크섬)가 더 새로울 때만 updateAvailable', {
    200: json(syncSuccess(SyncVersionData), '버전 정보'),
  }, { query: SyncVersionQuery });
  path('post', '/field-definitions', '사용자 정의 필드(custom_1..15) 라벨 저장', { 200: json(syncSuccess(SyncFieldDefinitionsData), '저장됨') }, body(SyncFieldDefinitionsBody));
  path('get', '/field-map', '표준 필드 카탈로그 (별칭, 정규화 함수)', { 200: json(syncSuccess(SyncFieldMapData), '필드 맵') });
  path('post', '/ai-mapping', '컬럼 이름 → 필드 매핑 제안 (데이터는 보내지 않음)', { 200: json(syncSuccess(SyncAiMappingData), '매핑 제안') }, body(SyncAiMappingBody));
}

let cached: OpenApiDocument | undefined;

/** The agent API's own document, served at `/api/sync/openapi.json`. */
export function syncOpenApiDocument(version = '1.5'): OpenApiDocument {
  if (cached) return cached;
  const registry = createOpenApiRegistry();
  registerSyncOpenApi(registry);
  const doc = generateOpenApiDocument(registry, version);
  cached = { ...doc, info: { ...doc.info, title: '한줄로 Sync Agent API', description: 'SYNC-AGENT.md 계약 (배포된 v1.5 에이전트와 호환)' } };
  return cached;
}
