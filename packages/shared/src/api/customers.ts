import { z } from 'zod';
import { PageParam, pageSizeParam, pagedList } from './paging.js';
import { CUSTOM_FIELD_KEYS } from '../normalize/customer.js';

/**
 * Customer DB (`/api/customers…`) for company users. Store-limited users see only their store
 * codes. Values a person types go through the shared normalisers (`남자` → M, `서울특별시` → 서울,
 * `2025. 12. 17.` → 2025-12-17), so the API takes the same spellings a file may hold.
 */

const unknownKeys = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' ? `알 수 없는 항목입니다: ${(iss.keys ?? []).join(', ')}` : '요청 본문은 객체여야 합니다.',
};

export const AGE_BANDS = ['10대', '20대', '30대', '40대', '50대', '60대 이상'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** Query value of an age band: its lower bound (`60` = 60대 이상). */
export const AgeBandKey = z.enum(['10', '20', '30', '40', '50', '60'], { error: '연령대는 10, 20, 30, 40, 50, 60 중 하나여야 합니다.' });

export const CUSTOMER_SORTS = ['createdAt', 'updatedAt', 'name', 'recentPurchaseDate', 'totalPurchaseAmount', 'purchaseCount'] as const;

const booleanQuery = z.enum(['true', 'false'], { error: 'true 또는 false여야 합니다.' }).transform((v) => v === 'true');
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

export const ListCustomersQuery = z.object({
  /** Name (contains) or phone (full, part, or the last 4 digits; hyphens and spaces ignored). */
  q: z.string().trim().max(100, { error: '검색어는 100자 이하로 입력해 주세요.' }).optional(),
  gender: z.enum(['M', 'F'], { error: '성별은 M 또는 F여야 합니다.' }).optional(),
  grade: optionalText(50),
  region: optionalText(50),
  storeCode: optionalText(50),
  smsOptIn: booleanQuery.optional(),
  ageBand: AgeBandKey.optional(),
  /** Customers whose most recent purchase is within the last N days (KST, today included). */
  recentPurchaseDays: z.coerce.number({ error: '최근 구매 기간은 숫자여야 합니다.' }).int().min(1).max(3650).optional(),
  sort: z.enum(CUSTOMER_SORTS, { error: `정렬은 ${CUSTOMER_SORTS.join(', ')} 중 하나여야 합니다.` }).default('createdAt'),
  order: z.enum(['asc', 'desc'], { error: '정렬 방향은 asc 또는 desc여야 합니다.' }).default('desc'),
  page: PageParam,
  pageSize: pageSizeParam(100, 20),
});
export type ListCustomersQuery = z.infer<typeof ListCustomersQuery>;

export const CustomerSummary = z.object({
  id: z.string(),
  /** Digits only. */
  phone: z.string(),
  name: z.string().nullable(),
  gender: z.enum(['M', 'F']).nullable(),
  birthDate: z.string().nullable(),
  /** Age in full years on today's KST date (from birthDate). */
  age: z.number().int().nullable(),
  region: z.string().nullable(),
  grade: z.string().nullable(),
  points: z.number().int().nullable(),
  storeCode: z.string().nullable(),
  storeName: z.string().nullable(),
  smsOptIn: z.boolean(),
  /** On the company's opt-out list (excluded from every send, whatever smsOptIn says). */
  optedOut: z.boolean(),
  recentPurchaseDate: z.string().nullable(),
  /** Decimal string. */
  totalPurchaseAmount: z.string(),
  purchaseCount: z.number().int(),
  source: z.enum(['upload', 'sync', 'manual', 'seed']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const CustomerList = pagedList(CustomerSummary);
export type CustomerList = z.infer<typeof CustomerList>;

export const CustomerPurchase = z.object({
  id: z.string(),
  purchaseDate: z.string(),
  storeCode: z.string().nullable(),
  storeName: z.string().nullable(),
  productCode: z.string().nullable(),
  productName: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: z.string().nullable(),
  totalAmount: z.string(),
});
export type CustomerPurchase = z.infer<typeof CustomerPurchase>;

export const CustomerDetail = CustomerSummary.extend({
  birthYear: z.number().int().nullable(),
  birthMonthDay: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  storePhone: z.string().nullable(),
  registeredStore: z.string().nullable(),
  registrationType: z.string().nullable(),
  registeredAt: z.string().nullable(),
  recentPurchaseAmount: z.string().nullable(),
  recentPurchaseStore: z.string().nullable(),
  /** Custom fields that have a label or a value, with the company's label (null when unlabelled). */
  customFields: z.array(z.object({ key: z.string(), label: z.string().nullable(), value: z.string().nullable() })),
  purchases: z.object({
    items: z.array(CustomerPurchase),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const CustomerDetailQuery = z.object({
  purchasesPage: z.coerce.number({ error: '페이지는 숫자여야 합니다.' }).int().min(1).default(1),
  purchasesPageSize: z.coerce.number({ error: '페이지 크기는 숫자여야 합니다.' }).int().min(1).max(100).default(20),
});
export type CustomerDetailQuery = z.infer<typeof CustomerDetailQuery>;

export const CustomerIdParams = z.object({ id: z.string() });

/** API field → customer column. Values are normalised with the shared normalisers. */
export const CUSTOMER_INPUT_COLUMNS = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  email: 'email',
  address: 'address',
  region: 'region',
  grade: 'grade',
  points: 'points',
  storeName: 'store_name',
  storePhone: 'store_phone',
  registeredStore: 'registered_store',
  registrationType: 'registration_type',
  registeredAt: 'registered_at',
} as const;
export type CustomerInputField = keyof typeof CUSTOMER_INPUT_COLUMNS;

const cellInput = z.union([z.string().max(500, { error: '값은 500자 이하로 입력해 주세요.' }), z.number()], {
  error: '값은 문자열이나 숫자여야 합니다.',
});
const customFieldsInput = z.partialRecord(z.enum(CUSTOM_FIELD_KEYS, { error: '사용자 정의 항목은 custom_1~custom_15입니다.' }), cellInput.nullable());
const inputFields = Object.fromEntries(Object.keys(CUSTOMER_INPUT_COLUMNS).map((k) => [k, cellInput.nullable().optional()])) as Record<
  CustomerInputField,
  z.ZodOptional<z.ZodNullable<typeof cellInput>>
>;

export const CreateCustomerBody = z.strictObject(
  {
    phone: z.union([z.string(), z.number()], { error: '휴대폰 번호를 입력해 주세요.' }),
    storeCode: z.string().trim().min(1).max(50).nullable().optional(),
    /** Consent must be stated: a manually added customer is never opted in by default. */
    smsOptIn: z.boolean({ error: '수신동의 여부(smsOptIn: true/false)를 지정해 주세요.' }),
    ...inputFields,
    customFields: customFieldsInput.optional(),
  },
  unknownKeys,
);
export type CreateCustomerBody = z.infer<typeof CreateCustomerBody>;

/** Only the fields sent change; null clears a field. Phone and store code are the customer's key. */
export const UpdateCustomerBody = z
  .strictObject({ smsOptIn: z.boolean({ error: '수신동의는 true/false여야 합니다.' }).optional(), ...inputFields, customFields: customFieldsInput.optional() }, unknownKeys)
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: '변경할 항목을 하나 이상 보내 주세요.' });
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBody>;

export const BulkDeleteCustomersBody = z.strictObject(
  {
    ids: z
      .array(z.string({ error: '고객 ID는 문자열이어야 합니다.' }), { error: '삭제할 고객 ID 목록(ids)을 보내 주세요.' })
      .min(1, { error: '삭제할 고객을 하나 이상 선택해 주세요.' })
      .max(1000, { error: '한 번에 1,000명까지 삭제할 수 있습니다.' }),
  },
  unknownKeys,
);
export type BulkDeleteCustomersBody = z.infer<typeof BulkDeleteCustomersBody>;

export const DeleteAllCustomersBody = z.strictObject(
  { confirm: z.string({ error: '확인을 위해 고객사 이름을 정확히 입력해 주세요.' }) },
  unknownKeys,
);
export type DeleteAllCustomersBody = z.infer<typeof DeleteAllCustomersBody>;

export const DeleteCustomersResponse = z.object({ deleted: z.number().int() });
export type DeleteCustomersResponse = z.infer<typeof DeleteCustomersResponse>;

const Bucket = z.object({ key: z.string().nullable(), count: z.number().int() });

export const CustomerStats = z.object({
  total: z.number().int(),
  /** sms_opt_in = true and not on the opt-out list. */
  optedIn: z.number().int(),
  /** Customers in scope whose phone is on the company's opt-out list. */
  optedOut: z.number().int(),
  /** Size of the company's whole opt-out list; null for store-limited users. */
  optOutListSize: z.number().int().nullable(),
  gender: z.object({ M: z.number().int(), F: z.number().int(), unknown: z.number().int() }),
  /** Age bands from birth_date on today's KST date; `unknown` = no birth date or under 10. */
  ageBands: z.object({ bands: z.array(z.object({ band: z.enum(AGE_BANDS), count: z.number().int() })), unknown: z.number().int() }),
  /** Most common first (null key = not set), up to 50. */
  grades: z.array(Bucket),
  regions: z.array(Bucket),
});
export type CustomerStats = z.infer<typeof CustomerStats>;

export const FieldCatalogEntry = z.object({
  fieldKey: z.string(),
  /** The company's label for custom fields, else the standard display name. */
  label: z.string(),
  category: z.string(),
  dataType: z.enum(['string', 'number', 'date', 'boolean']),
  isCustom: z.boolean(),
  /** Whether any customer (in the caller's scope) has a value in it. */
  hasData: z.boolean(),
});
export type FieldCatalogEntry = z.infer<typeof FieldCatalogEntry>;

export const FieldCatalog = z.object({ fields: z.array(FieldCatalogEntry) });
export type FieldCatalog = z.infer<typeof FieldCatalog>;
