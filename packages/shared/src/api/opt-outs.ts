import { z } from 'zod';
import { pagedList } from './paging.js';

/**
 * The company's opt-out (수신거부) list (`/api/opt-outs…`) and the Narae 080 callback monitor.
 * One list per company keyed by phone: store-limited users manage only entries of their stores,
 * but every send of the company excludes every listed phone.
 */

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

/** Upload of a list of numbers (CSV/TXT, one per line or in the first column). */
export const OPT_OUT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
/** Phones per `POST /api/opt-outs/check`. */
export const OPT_OUT_CHECK_MAX = 10_000;

export const OptOutSource = z.enum(['080', 'manual', 'upload', 'sync', 'customer'], {
  error: '출처는 080, manual, upload, sync, customer 중 하나여야 합니다.',
});
export type OptOutSource = z.infer<typeof OptOutSource>;

const page = z.coerce.number({ error: '페이지는 숫자여야 합니다.' }).int().min(1, { error: '페이지는 1 이상이어야 합니다.' }).default(1);
const pageSize = (max: number, def: number) =>
  z.coerce.number({ error: '페이지 크기는 숫자여야 합니다.' }).int().min(1).max(max, { error: `페이지 크기는 ${max} 이하여야 합니다.` }).default(def);

export const ListOptOutsQuery = z.object({
  /** A whole number (hyphens/spaces ignored) or its last 4 digits. */
  q: z.string().trim().max(30, { error: '검색어는 30자 이하로 입력해 주세요.' }).optional(),
  source: OptOutSource.optional(),
  page,
  pageSize: pageSize(200, 50),
});
export type ListOptOutsQuery = z.infer<typeof ListOptOutsQuery>;

export const OptOutItem = z.object({
  /** Digits only. */
  phone: z.string(),
  source: OptOutSource,
  storeCode: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type OptOutItem = z.infer<typeof OptOutItem>;

export const OptOutList = pagedList(OptOutItem);
export type OptOutList = z.infer<typeof OptOutList>;

const storeCode = z.string().trim().min(1).max(50, { error: '매장코드는 50자 이하입니다.' });

export const AddOptOutBody = z.object({
  phone: z.string({ error: '전화번호를 입력해 주세요.' }).trim().min(1, { error: '전화번호를 입력해 주세요.' }).max(30),
  note: z.string().trim().max(200, { error: '메모는 200자 이하로 입력해 주세요.' }).optional(),
  /** Store-limited users: one of their stores (defaults to their only store). */
  storeCode: storeCode.optional(),
});
export type AddOptOutBody = z.infer<typeof AddOptOutBody>;

export const AddOptOutResult = z.object({
  phone: z.string(),
  /** True when the phone was already on the list (the entry keeps its original source and time). */
  alreadyListed: z.boolean(),
  item: OptOutItem,
});
export type AddOptOutResult = z.infer<typeof AddOptOutResult>;

export const OptOutUploadResult = z.object({
  /** Non-empty lines read (a header line is skipped and not counted). */
  total: z.number().int(),
  added: z.number().int(),
  /** Valid numbers already on the list or repeated in the file. */
  duplicate: z.number().int(),
  invalid: z.number().int(),
  /** Line numbers (1-based, as an editor shows them) of invalid numbers; at most 1,000. */
  invalidLines: z.array(z.number().int()),
});
export type OptOutUploadResult = z.infer<typeof OptOutUploadResult>;

export const OptOutPhoneParams = z.object({ phone: z.string().min(1).max(30) });
export const CompanyOptOutsParams = z.object({ companyId: Uuid });
export const CompanyOptOutPhoneParams = z.object({ companyId: Uuid, phone: z.string().min(1).max(30) });

export const DeleteOptOutBody = z.object({
  /** Why the entry goes (kept in the audit log). */
  reason: z.string({ error: '삭제 사유를 입력해 주세요.' }).trim().min(2, { error: '삭제 사유를 2자 이상 입력해 주세요.' }).max(500),
  /** Only the person themself may ask to receive messages again. */
  customerRequested: z.literal(true, { error: '수신거부 해제는 고객 본인이 요청한 경우에만 할 수 있습니다. (customerRequested: true)' }),
});
export type DeleteOptOutBody = z.infer<typeof DeleteOptOutBody>;

export const DeleteOptOutResult = z.object({ phone: z.string(), deleted: z.literal(true) });
export type DeleteOptOutResult = z.infer<typeof DeleteOptOutResult>;

export const CheckOptOutsBody = z.object({
  phones: z.array(z.string().max(30)).min(1, { error: '확인할 번호를 입력해 주세요.' }).max(OPT_OUT_CHECK_MAX, { error: `한 번에 ${OPT_OUT_CHECK_MAX.toLocaleString('ko-KR')}개까지 확인할 수 있습니다.` }),
});
export type CheckOptOutsBody = z.infer<typeof CheckOptOutsBody>;

export const CheckOptOutsResult = z.object({
  /** Normalised phones on the company's list (company-wide, whatever the caller's stores). */
  optedOut: z.array(z.string()),
  /** Inputs that are not Korean mobile numbers. */
  invalid: z.array(z.string()),
  checked: z.number().int(),
});
export type CheckOptOutsResult = z.infer<typeof CheckOptOutsResult>;

// ---- Narae 080 callback monitor ----

export const Callback080Result = z.enum(['stored', 'already_listed', 'refused', 'failed']);
export type Callback080Result = z.infer<typeof Callback080Result>;

export const Callback080Reason = z.enum(['ip_not_allowed', 'bad_token', 'missing_params', 'unknown_number', 'invalid_cid', 'error']);
export type Callback080Reason = z.infer<typeof Callback080Reason>;

export const Callback080LogQuery = z.object({
  result: Callback080Result.optional(),
  /** The 080 number, digits only. */
  fr: z.string().regex(/^\d{1,20}$/, { error: '080 번호는 숫자만 입력해 주세요.' }).optional(),
  page,
  pageSize: pageSize(200, 50),
});
export type Callback080LogQuery = z.infer<typeof Callback080LogQuery>;

export const Callback080LogItem = z.object({
  id: z.string(),
  createdAt: z.string(),
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
  fr: z.string(),
  /** Caller number, masked (010-****-5678). */
  cid: z.string(),
  result: Callback080Result,
  reason: Callback080Reason.nullable(),
  ip: z.string().nullable(),
});
export type Callback080LogItem = z.infer<typeof Callback080LogItem>;

export const Callback080LogPage = pagedList(Callback080LogItem);
export type Callback080LogPage = z.infer<typeof Callback080LogPage>;

export const Callback080Stat = z.object({
  /** Last callback of any result (null: none received). */
  lastCallbackAt: z.string().nullable(),
  lastResult: Callback080Result.nullable(),
  /** Callbacks since 00:00 KST today, and those answered `1` (stored or already listed). */
  countToday: z.number().int(),
  acceptedToday: z.number().int(),
});
export type Callback080Stat = z.infer<typeof Callback080Stat>;

export const Callback080NumberStat = Callback080Stat.extend({
  number: z.string(),
  /** Null for a number no live company uses (callbacks for it are answered `0`). */
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
});
export type Callback080NumberStat = z.infer<typeof Callback080NumberStat>;

export const Callback080Numbers = z.object({ items: z.array(Callback080NumberStat) });
export type Callback080Numbers = z.infer<typeof Callback080Numbers>;

export const CompanyCallback080Stat = Callback080Stat.extend({ number: z.string().nullable() });
export type CompanyCallback080Stat = z.infer<typeof CompanyCallback080Stat>;
