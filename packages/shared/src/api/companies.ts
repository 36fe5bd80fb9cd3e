import { z } from 'zod';
import { PageParam, pageSizeParam, pagedList } from './paging.js';

/**
 * Companies (고객사). Super admins create and change every field; company admins read their own
 * company and change only the non-commercial settings in `CompanyAdminUpdateBody`. Money is a
 * string with at most two decimals (VAT included), never a float.
 */
export const CompanyStatus = z.enum(['trial', 'active', 'suspended', 'terminated'], {
  error: '상태는 trial, active, suspended, terminated 중 하나여야 합니다.',
});
export type CompanyStatus = z.infer<typeof CompanyStatus>;

/** Statuses a create/update may set; `terminated` only through the terminate endpoint. */
export const EditableCompanyStatus = z.enum(['trial', 'active', 'suspended'], {
  error: '상태는 trial, active, suspended 중 하나여야 합니다. (해지는 해지 기능을 이용해 주세요.)',
});

export const BillingType = z.enum(['postpaid', 'prepaid'], { error: '과금 방식은 postpaid 또는 prepaid여야 합니다.' });
export type BillingType = z.infer<typeof BillingType>;

export const COMPANY_CODE_PATTERN = /^[A-Z0-9_]{2,30}$/;
export const SESSION_TIMEOUT_RANGE = { min: 5, max: 480 } as const;
export const SYNC_BATCH_LIMIT_RANGE = { min: 100, max: 10_000 } as const;

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

export const CompanyCode = z
  .string({ error: '고객사 코드를 입력해 주세요.' })
  .trim()
  .regex(COMPANY_CODE_PATTERN, { error: '고객사 코드는 영문 대문자, 숫자, 밑줄(_)로 2~30자여야 합니다.' });

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}은(는) 문자열이어야 합니다.` })
    .trim()
    .max(max, { error: `${label}은(는) ${max}자 이하로 입력해 주세요.` });

/** Optional profile text: empty string clears it (stored as null). */
const optionalText = (label: string, max: number) =>
  text(label, max)
    .transform((v) => (v === '' ? null : v))
    .nullable();

const CompanyName = text('고객사명', 100).min(1, { error: '고객사명을 입력해 주세요.' });

const ContactPhone = z
  .string({ error: '담당자 연락처는 문자열이어야 합니다.' })
  .trim()
  .regex(/^$|^[0-9-]{8,20}$/, { error: '담당자 연락처는 숫자와 하이픈(-)으로 8~20자여야 합니다.' })
  .transform((v) => (v === '' ? null : v.replace(/-/g, '')))
  .nullable();

const ContactEmail = z
  .string({ error: '담당자 이메일은 문자열이어야 합니다.' })
  .trim()
  .max(200, { error: '담당자 이메일은 200자 이하로 입력해 주세요.' })
  .refine((v) => v === '' || z.email().safeParse(v).success, { error: '담당자 이메일 형식이 올바르지 않습니다.' })
  .transform((v) => (v === '' ? null : v))
  .nullable();

const BusinessNumber = z
  .string({ error: '사업자등록번호는 문자열이어야 합니다.' })
  .trim()
  .regex(/^$|^\d{3}-?\d{2}-?\d{5}$/, { error: '사업자등록번호는 숫자 10자리여야 합니다.' })
  .transform((v) => (v === '' ? null : v.replace(/-/g, '')))
  .nullable();

/** 080 opt-out number: hyphens allowed on input, stored as digits (`080` + 7 digits). */
export const OptOut080Number = z
  .string({ error: '080 수신거부 번호는 문자열이어야 합니다.' })
  .trim()
  .transform((v) => v.replace(/-/g, ''))
  .refine((v) => v === '' || /^080\d{7}$/.test(v), { error: '080 수신거부 번호는 080으로 시작하는 10자리 숫자여야 합니다.' })
  .transform((v) => (v === '' ? null : v))
  .nullable();

const SessionTimeout = z
  .number({ error: '세션 유지 시간은 숫자여야 합니다.' })
  .int({ error: '세션 유지 시간은 정수(분)여야 합니다.' })
  .min(SESSION_TIMEOUT_RANGE.min, { error: `세션 유지 시간은 ${SESSION_TIMEOUT_RANGE.min}분 이상이어야 합니다.` })
  .max(SESSION_TIMEOUT_RANGE.max, { error: `세션 유지 시간은 ${SESSION_TIMEOUT_RANGE.max}분 이하여야 합니다.` });

const hour = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}은(는) 숫자여야 합니다.` })
    .int({ error: `${label}은(는) 정수(시)여야 합니다.` })
    .min(min, { error: `${label}은(는) ${min}시 이상이어야 합니다.` })
    .max(max, { error: `${label}은(는) ${max}시 이하여야 합니다.` });
const SendStartHour = hour('발송 시작 시각', 0, 23);
const SendEndHour = hour('발송 종료 시각', 1, 24);

/** A non-negative amount with at most two decimals, as a string (numeric in PostgreSQL). */
export const money = (label: string, maxIntegerDigits: number) =>
  z
    .string({ error: `${label}은(는) 문자열로 된 숫자여야 합니다. (예: "9.90")` })
    .trim()
    .regex(new RegExp(`^\\d{1,${maxIntegerDigits}}(\\.\\d{1,2})?$`), {
      error: `${label}은(는) 0 이상의 숫자(소수점 둘째 자리까지)여야 합니다.`,
    });
const UnitPrice = (label: string) => money(label, 8);

const SyncBatchLimit = z
  .number({ error: '동기화 배치 크기는 숫자여야 합니다.' })
  .int({ error: '동기화 배치 크기는 정수여야 합니다.' })
  .min(SYNC_BATCH_LIMIT_RANGE.min, { error: `동기화 배치 크기는 ${SYNC_BATCH_LIMIT_RANGE.min} 이상이어야 합니다.` })
  .max(SYNC_BATCH_LIMIT_RANGE.max, { error: `동기화 배치 크기는 ${SYNC_BATCH_LIMIT_RANGE.max} 이하여야 합니다.` });

const MaxUsers = z
  .number({ error: '최대 사용자 수는 숫자여야 합니다.' })
  .int({ error: '최대 사용자 수는 정수여야 합니다.' })
  .min(1, { error: '최대 사용자 수는 1 이상이어야 합니다.' })
  .max(10_000, { error: '최대 사용자 수는 10000 이하여야 합니다.' });

const uniqueStrings = (label: string, item: z.ZodType<string>) =>
  z
    .array(item, { error: `${label}은(는) 배열이어야 합니다.` })
    .max(500, { error: `${label}은(는) 500개까지 지정할 수 있습니다.` })
    .refine((a) => new Set(a).size === a.length, { error: `${label}에 같은 값이 두 번 있습니다.` });

const StoreCodes = uniqueStrings(
  '매장 코드',
  z.string({ error: '매장 코드는 문자열이어야 합니다.' }).trim().min(1, { error: '빈 매장 코드는 쓸 수 없습니다.' }).max(50, { error: '매장 코드는 50자 이하여야 합니다.' }),
);
const FilterFields = uniqueStrings(
  '필터 항목',
  z.string({ error: '필터 항목은 문자열이어야 합니다.' }).regex(/^[a-z][a-z0-9_]{0,39}$/, { error: '필터 항목 이름은 영문 소문자, 숫자, 밑줄(_)로 40자 이하여야 합니다.' }),
);

const DuplicatePreventionDays = z
  .number({ error: '중복 발송 방지 기간은 숫자여야 합니다.' })
  .int({ error: '중복 발송 방지 기간은 정수(일)여야 합니다.' })
  .min(1, { error: '중복 발송 방지 기간은 1일 이상이어야 합니다.' })
  .max(90, { error: '중복 발송 방지 기간은 90일 이하여야 합니다.' })
  .nullable();

const bool = (label: string) => z.boolean({ error: `${label}은(는) true/false여야 합니다.` });

const sendWindowOk = (b: { sendStartHour?: number; sendEndHour?: number }) =>
  b.sendStartHour === undefined || b.sendEndHour === undefined || b.sendStartHour < b.sendEndHour;
const SEND_WINDOW_ERROR = { error: '발송 시작 시각은 종료 시각보다 빨라야 합니다.', path: ['sendStartHour'] };

/** Every field a super admin may set (create: code and name required; update: any subset). */
const companyFields = {
  code: CompanyCode,
  name: CompanyName,
  nameEn: optionalText('영문 고객사명', 100),
  businessNumber: BusinessNumber,
  ceoName: optionalText('대표자명', 50),
  businessType: optionalText('업태', 100),
  businessItem: optionalText('종목', 100),
  address: optionalText('주소', 300),
  contactName: optionalText('담당자명', 50),
  contactPhone: ContactPhone,
  contactEmail: ContactEmail,
  status: EditableCompanyStatus,
  planId: Uuid.nullable(),
  maxUsers: MaxUsers,
  sessionTimeoutMinutes: SessionTimeout,
  optOut080Number: OptOut080Number,
  sendStartHour: SendStartHour,
  sendEndHour: SendEndHour,
  priceSms: UnitPrice('SMS 단가'),
  priceLms: UnitPrice('LMS 단가'),
  priceMms: UnitPrice('MMS 단가'),
  priceKakao: UnitPrice('카카오 단가'),
  billingType: BillingType,
  useDbSync: bool('DB 동기화 사용 여부'),
  syncBatchLimit: SyncBatchLimit,
  lineGroupId: Uuid.nullable(),
  storeCodes: StoreCodes,
  enabledFilterFields: FilterFields,
  allowCallbackSelfRegister: bool('회신번호 자체 등록 허용 여부'),
  duplicatePreventionDays: DuplicatePreventionDays,
};

const unknownKeys = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' ? `알 수 없는 항목입니다: ${(iss.keys ?? []).join(', ')}` : '요청 본문은 객체여야 합니다.',
};
const atLeastOne = (b: Record<string, unknown>) => Object.values(b).some((v) => v !== undefined);
const AT_LEAST_ONE = { error: '변경할 항목을 하나 이상 보내 주세요.' };

const { lineGroupId: _lineGroupId, ...createFields } = companyFields;

/**
 * The balance is not a company field: it starts at 0 and moves only through the billing ledger
 * (deposits, adjustments with a reason, run reservations). A body naming it is told where to go.
 */
const BALANCE_NOT_EDITABLE = '잔액은 직접 수정할 수 없습니다. 잔액 조정(사유 필수) 또는 충전 요청 승인을 이용해 주세요.';
const updateUnknownKeys = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' && (iss.keys ?? []).includes('balance') ? BALANCE_NOT_EDITABLE : unknownKeys.error(iss),
};

/** Create: code and name required. The line group is assigned afterwards (PATCH or its own endpoint). */
export const CreateCompanyBody = z
  .strictObject(createFields, unknownKeys)
  .partial()
  .extend({ code: CompanyCode, name: CompanyName })
  .refine(sendWindowOk, SEND_WINDOW_ERROR);
export type CreateCompanyBody = z.infer<typeof CreateCompanyBody>;

/** Super-admin update: any subset of the fields; only what is sent changes. */
export const UpdateCompanyBody = z
  .strictObject(companyFields, updateUnknownKeys)
  .partial()
  .refine(atLeastOne, AT_LEAST_ONE)
  .refine(sendWindowOk, SEND_WINDOW_ERROR);
export type UpdateCompanyBody = z.infer<typeof UpdateCompanyBody>;

/** The non-commercial settings a company admin may change on its own company. */
export const COMPANY_ADMIN_EDITABLE_FIELDS = [
  'contactName',
  'contactPhone',
  'contactEmail',
  'address',
  'sessionTimeoutMinutes',
  'sendStartHour',
  'sendEndHour',
  'optOut080Number',
] as const;

export const CompanyAdminUpdateBody = z
  .strictObject(
    {
      contactName: companyFields.contactName.optional(),
      contactPhone: companyFields.contactPhone.optional(),
      contactEmail: companyFields.contactEmail.optional(),
      address: companyFields.address.optional(),
      sessionTimeoutMinutes: companyFields.sessionTimeoutMinutes.optional(),
      sendStartHour: companyFields.sendStartHour.optional(),
      sendEndHour: companyFields.sendEndHour.optional(),
      optOut080Number: companyFields.optOut080Number.optional(),
    },
    unknownKeys,
  )
  .refine(atLeastOne, AT_LEAST_ONE)
  .refine(sendWindowOk, SEND_WINDOW_ERROR);
export type CompanyAdminUpdateBody = z.infer<typeof CompanyAdminUpdateBody>;

/** Korean names of the fields, for messages such as "SMS 단가은(는) 슈퍼관리자만 변경할 수 있습니다". */
export const COMPANY_FIELD_LABELS: Record<keyof UpdateCompanyBody, string> = {
  code: '고객사 코드',
  name: '고객사명',
  nameEn: '영문 고객사명',
  businessNumber: '사업자등록번호',
  ceoName: '대표자명',
  businessType: '업태',
  businessItem: '종목',
  address: '주소',
  contactName: '담당자명',
  contactPhone: '담당자 연락처',
  contactEmail: '담당자 이메일',
  status: '상태',
  planId: '요금제',
  maxUsers: '최대 사용자 수',
  sessionTimeoutMinutes: '세션 유지 시간',
  optOut080Number: '080 수신거부 번호',
  sendStartHour: '발송 시작 시각',
  sendEndHour: '발송 종료 시각',
  priceSms: 'SMS 단가',
  priceLms: 'LMS 단가',
  priceMms: 'MMS 단가',
  priceKakao: '카카오 단가',
  billingType: '과금 방식',
  useDbSync: 'DB 동기화 사용 여부',
  syncBatchLimit: '동기화 배치 크기',
  lineGroupId: '라인그룹',
  storeCodes: '매장 코드',
  enabledFilterFields: '필터 항목',
  allowCallbackSelfRegister: '회신번호 자체 등록 허용 여부',
  duplicatePreventionDays: '중복 발송 방지 기간',
};

export const TerminateCompanyBody = z.strictObject(
  {
    reason: z
      .string({ error: '해지 사유를 입력해 주세요.' })
      .trim()
      .min(2, { error: '해지 사유를 2자 이상 입력해 주세요.' })
      .max(500, { error: '해지 사유는 500자 이하로 입력해 주세요.' }),
  },
  unknownKeys,
);
export type TerminateCompanyBody = z.infer<typeof TerminateCompanyBody>;

export const CompanyListQuery = z.object({
  search: z.string().trim().max(100, { error: '검색어는 100자 이하로 입력해 주세요.' }).optional(),
  status: CompanyStatus.optional(),
  page: PageParam,
  pageSize: pageSizeParam(100, 20),
});
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;

export const CompanyIdParams = z.object({ id: Uuid });
export type CompanyIdParams = z.infer<typeof CompanyIdParams>;

export const CompanyPlanRef = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  maxCustomers: z.number().int(),
  isActive: z.boolean(),
});
export type CompanyPlanRef = z.infer<typeof CompanyPlanRef>;

/** A company as the API shows it. The sync secret (and its hash) never appear here. */
export const Company = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  businessNumber: z.string().nullable(),
  ceoName: z.string().nullable(),
  businessType: z.string().nullable(),
  businessItem: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  status: CompanyStatus,
  planId: z.string().nullable(),
  plan: CompanyPlanRef.nullable(),
  maxUsers: z.number().int(),
  userCount: z.number().int(),
  sessionTimeoutMinutes: z.number().int(),
  optOut080Number: z.string().nullable(),
  sendStartHour: z.number().int(),
  sendEndHour: z.number().int(),
  priceSms: z.string(),
  priceLms: z.string(),
  priceMms: z.string(),
  priceKakao: z.string(),
  billingType: BillingType,
  balance: z.string(),
  syncApiKey: z.string().nullable(),
  useDbSync: z.boolean(),
  syncBatchLimit: z.number().int(),
  lineGroupId: z.string().nullable(),
  storeCodes: z.array(z.string()),
  enabledFilterFields: z.array(z.string()),
  allowCallbackSelfRegister: z.boolean(),
  duplicatePreventionDays: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  terminatedAt: z.string().nullable(),
});
export type Company = z.infer<typeof Company>;

export const CompanySummary = Company.pick({
  id: true,
  code: true,
  name: true,
  status: true,
  plan: true,
  maxUsers: true,
  userCount: true,
  billingType: true,
  balance: true,
  createdAt: true,
  terminatedAt: true,
});
export type CompanySummary = z.infer<typeof CompanySummary>;

export const CompanyList = pagedList(CompanySummary);
export type CompanyList = z.infer<typeof CompanyList>;

/** Shown once (create, rotate); only a hash of the secret is stored. */
export const SyncCredentials = z.object({
  syncApiKey: z.string(),
  syncSecret: z.string(),
});
export type SyncCredentials = z.infer<typeof SyncCredentials>;

export const CompanyCreated = Company.extend({ syncSecret: z.string() });
export type CompanyCreated = z.infer<typeof CompanyCreated>;

export const CompanyTerminated = Company.extend({
  lockedUserCount: z.number().int(),
  revokedSessionCount: z.number().int(),
});
export type CompanyTerminated = z.infer<typeof CompanyTerminated>;
