import { z } from 'zod';
import { pagedList } from './paging.js';
import { isPlainDate } from '../time.js';
import { BillingType, money } from './companies.js';

/**
 * Money (§ D): per-company unit prices, the prepaid ledger, deposit requests and manual
 * adjustments. Amounts are strings with at most two decimals (numeric in PostgreSQL), never floats.
 */

export const BillingMessageType = z.enum(['SMS', 'LMS', 'MMS', 'KAKAO'], { error: '메시지 유형은 SMS, LMS, MMS, KAKAO 중 하나여야 합니다.' });
export type BillingMessageType = z.infer<typeof BillingMessageType>;

/**
 * reserve: taken at dispatch (count × unit price); capture: spent on successes; release: returned
 * for failures, cancellations and unsent messages; deposit: an approved bank transfer; adjust: a
 * super admin's correction. Each run moves money at most once per kind.
 */
export const LedgerKind = z.enum(['reserve', 'capture', 'release', 'deposit', 'adjust'], {
  error: '거래 유형은 reserve, capture, release, deposit, adjust 중 하나여야 합니다.',
});
export type LedgerKind = z.infer<typeof LedgerKind>;

export const DepositRequestStatus = z.enum(['pending', 'approved', 'rejected'], { error: '상태는 pending, approved, rejected 중 하나여야 합니다.' });
export type DepositRequestStatus = z.infer<typeof DepositRequestStatus>;

const unknownKeys = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' ? `알 수 없는 항목입니다: ${(iss.keys ?? []).join(', ')}` : '요청 본문은 객체여야 합니다.',
};

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });
const plainDate = (label: string) =>
  z.string({ error: `${label}은(는) YYYY-MM-DD 형식이어야 합니다.` }).refine(isPlainDate, { error: `${label}은(는) YYYY-MM-DD 형식이어야 합니다.` });

const reasonText = (label: string) =>
  z
    .string({ error: `${label}를 입력해 주세요.` })
    .trim()
    .min(2, { error: `${label}를 2자 이상 입력해 주세요.` })
    .max(500, { error: `${label}는 500자 이하로 입력해 주세요.` });

const page = z.coerce.number({ error: '페이지는 숫자여야 합니다.' }).int().min(1, { error: '페이지는 1 이상이어야 합니다.' }).default(1);
const pageSize = z.coerce
  .number({ error: '페이지 크기는 숫자여야 합니다.' })
  .int()
  .min(1, { error: '페이지 크기는 1 이상이어야 합니다.' })
  .max(100, { error: '페이지 크기는 100 이하여야 합니다.' })
  .default(20);

export const UnitPrices = z.object({ sms: z.string(), lms: z.string(), mms: z.string(), kakao: z.string() });
export type UnitPrices = z.infer<typeof UnitPrices>;

/** GET /api/billing/balance — for postpaid companies the balance is informational only. */
export const BillingBalance = z.object({
  companyId: z.string(),
  billingType: BillingType,
  balance: z.string(),
  unitPrices: UnitPrices,
});
export type BillingBalance = z.infer<typeof BillingBalance>;

export const BalanceTransaction = z.object({
  id: z.string(),
  companyId: z.string(),
  kind: LedgerKind,
  /** The size of the movement, never negative. */
  amount: z.string(),
  /** The signed effect on the balance ("-29.70", "0.00", "5000.00"). */
  delta: z.string(),
  /** The balance after this row; null when the balance was not involved (postpaid run movements). */
  balanceAfter: z.string().nullable(),
  runId: z.string().nullable(),
  depositRequestId: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type BalanceTransaction = z.infer<typeof BalanceTransaction>;

export const BalanceTransactionQuery = z
  .object({
    /** KST dates, inclusive */
    from: plainDate('시작일').optional(),
    to: plainDate('종료일').optional(),
    kind: LedgerKind.optional(),
    runId: Uuid.optional(),
    page,
    pageSize,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '시작일이 종료일보다 늦습니다.', path: ['from'] });
export type BalanceTransactionQuery = z.infer<typeof BalanceTransactionQuery>;

export const BalanceTransactionPage = pagedList(BalanceTransaction);
export type BalanceTransactionPage = z.infer<typeof BalanceTransactionPage>;

/** A non-zero signed amount with at most two decimals ("-500", "+1000.50", "30"). */
export const SignedMoney = z
  .string({ error: '조정 금액은 문자열로 된 숫자여야 합니다. (예: "-5000", "10000")' })
  .trim()
  .regex(/^[+-]?\d{1,12}(\.\d{1,2})?$/, { error: '조정 금액은 소수점 둘째 자리까지의 숫자여야 합니다. (예: "-5000", "10000")' })
  .refine((v) => /[1-9]/.test(v), { error: '조정 금액은 0이 아니어야 합니다.' });

export const BalanceAdjustmentBody = z.strictObject({ delta: SignedMoney, reason: reasonText('조정 사유') }, unknownKeys);
export type BalanceAdjustmentBody = z.infer<typeof BalanceAdjustmentBody>;

export const BalanceAdjustment = z.object({ balance: z.string(), transaction: BalanceTransaction });
export type BalanceAdjustment = z.infer<typeof BalanceAdjustment>;

const positiveMoney = (label: string, maxIntegerDigits: number) =>
  money(label, maxIntegerDigits).refine((v) => /[1-9]/.test(v), { error: `${label}은(는) 0보다 커야 합니다.` });

export const CreateDepositRequestBody = z.strictObject({
  amount: positiveMoney('입금 금액', 10),
  depositorName: z
    .string({ error: '입금자명을 입력해 주세요.' })
    .trim()
    .min(1, { error: '입금자명을 입력해 주세요.' })
    .max(50, { error: '입금자명은 50자 이하로 입력해 주세요.' }),
  expectedDate: plainDate('입금 예정일'),
  memo: z
    .string({ error: '메모는 문자열이어야 합니다.' })
    .trim()
    .max(500, { error: '메모는 500자 이하로 입력해 주세요.' })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
}, unknownKeys);
export type CreateDepositRequestBody = z.infer<typeof CreateDepositRequestBody>;

export const RejectDepositRequestBody = z.strictObject({ reason: reasonText('거절 사유') }, unknownKeys);
export type RejectDepositRequestBody = z.infer<typeof RejectDepositRequestBody>;

export const DepositRequest = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string().nullable(),
  amount: z.string(),
  depositorName: z.string(),
  expectedDate: z.string(),
  memo: z.string().nullable(),
  status: DepositRequestStatus,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type DepositRequest = z.infer<typeof DepositRequest>;

export const DepositRequestQuery = z.object({ status: DepositRequestStatus.optional(), page, pageSize });
export type DepositRequestQuery = z.infer<typeof DepositRequestQuery>;

export const AdminDepositRequestQuery = DepositRequestQuery.extend({ companyId: Uuid.optional() });
export type AdminDepositRequestQuery = z.infer<typeof AdminDepositRequestQuery>;

export const DepositRequestPage = pagedList(DepositRequest);
export type DepositRequestPage = z.infer<typeof DepositRequestPage>;

/** Approving credits the balance; the answer carries the ledger row it wrote. */
export const DepositRequestApproved = DepositRequest.extend({ balance: z.string(), transaction: BalanceTransaction });
export type DepositRequestApproved = z.infer<typeof DepositRequestApproved>;

export const DepositRequestIdParams = z.object({ id: Uuid });
export type DepositRequestIdParams = z.infer<typeof DepositRequestIdParams>;

export const CompanyBillingParams = z.object({ companyId: Uuid });
export type CompanyBillingParams = z.infer<typeof CompanyBillingParams>;

/** `details` of a 402 insufficient_balance: what the run needs and what is missing. */
export const InsufficientBalanceDetails = z.object({ balance: z.string(), required: z.string(), shortfall: z.string() });
export type InsufficientBalanceDetails = z.infer<typeof InsufficientBalanceDetails>;
