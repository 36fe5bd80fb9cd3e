import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  AdminDepositRequestQuery,
  BalanceAdjustment,
  BalanceAdjustmentBody,
  BalanceTransactionPage,
  BalanceTransactionQuery,
  BillingBalance,
  CompanyBillingParams,
  CreateDepositRequestBody,
  DepositRequest,
  DepositRequestApproved,
  DepositRequestIdParams,
  DepositRequestPage,
  DepositRequestQuery,
  ErrorResponse,
  RejectDepositRequestBody,
} from '@hanjullo/shared';
import type { z } from 'zod';
import { errorResponses } from '../../http/openapi.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const conflict409 = (what: string) => ({ 409: json(ErrorResponse, what) });
const companyTags = ['billing'];
const adminTags = ['billing (super admin)'];

export function registerBillingOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get', path: '/api/billing/balance', tags: companyTags,
    summary: '내 고객사 잔액, 과금 방식, 메시지 단가 (후불은 잔액을 쓰지 않음)',
    responses: { 200: json(BillingBalance, '잔액과 단가'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/billing/transactions', tags: companyTags,
    summary: '내 고객사 거래 내역 (차감/사용/반환/충전/조정; KST 날짜 범위, 유형, 발송 회차 필터; 최신순)',
    request: { query: BalanceTransactionQuery },
    responses: { 200: json(BalanceTransactionPage, '거래 내역'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/billing/deposit-requests', tags: companyTags,
    summary: '충전(무통장 입금) 요청 — 선불 고객사만; 슈퍼관리자가 입금 확인 후 승인',
    request: body(CreateDepositRequestBody),
    responses: { 201: json(DepositRequest, '접수된 충전 요청'), ...errorResponses, ...conflict409('후불 고객사') },
  });
  registry.registerPath({
    method: 'get', path: '/api/billing/deposit-requests', tags: companyTags,
    summary: '내 고객사 충전 요청 목록 (상태 필터, 최신순)',
    request: { query: DepositRequestQuery },
    responses: { 200: json(DepositRequestPage, '충전 요청 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/billing/deposit-requests/{id}', tags: companyTags,
    summary: '내 고객사 충전 요청 상세 (다른 고객사의 요청은 404)',
    request: { params: DepositRequestIdParams },
    responses: { 200: json(DepositRequest, '충전 요청'), ...errorResponses },
  });
  registry.registerPath({
    method: 'get', path: '/api/admin/billing/deposit-requests', tags: adminTags,
    summary: '전체 충전 요청 목록 (상태, 고객사 필터; 최신순)',
    request: { query: AdminDepositRequestQuery },
    responses: { 200: json(DepositRequestPage, '충전 요청 목록'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/admin/billing/deposit-requests/{id}/approve', tags: adminTags,
    summary: '충전 요청 승인 — 한 트랜잭션에서 상태 변경, 충전 거래 기록, 잔액 증가 (두 번 승인 불가)',
    request: { params: DepositRequestIdParams },
    responses: { 200: json(DepositRequestApproved, '승인된 요청과 새 잔액'), ...errorResponses, ...conflict409('이미 승인/거절된 요청') },
  });
  registry.registerPath({
    method: 'post', path: '/api/admin/billing/deposit-requests/{id}/reject', tags: adminTags,
    summary: '충전 요청 거절 (사유 필수)',
    request: { params: DepositRequestIdParams, ...body(RejectDepositRequestBody) },
    responses: { 200: json(DepositRequest, '거절된 요청'), ...errorResponses, ...conflict409('이미 승인/거절된 요청') },
  });
  registry.registerPath({
    method: 'get', path: '/api/admin/companies/{companyId}/billing/transactions', tags: adminTags,
    summary: '고객사 거래 내역 (KST 날짜 범위, 유형, 발송 회차 필터; 최신순)',
    request: { params: CompanyBillingParams, query: BalanceTransactionQuery },
    responses: { 200: json(BalanceTransactionPage, '거래 내역'), ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/admin/companies/{companyId}/billing/adjustments', tags: adminTags,
    summary: '잔액 수동 조정 (+/- 금액, 사유 필수; 잔액은 0원 미만이 될 수 없음 → 409)',
    request: { params: CompanyBillingParams, ...body(BalanceAdjustmentBody) },
    responses: { 201: json(BalanceAdjustment, '새 잔액과 조정 거래'), ...errorResponses, ...conflict409('잔액 부족(0원 미만)') },
  });
}
