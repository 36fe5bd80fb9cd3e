import { CUSTOM_FIELD_KEYS, type CustomFieldKey } from '../normalize/customer.js';

/**
 * The target-filter field catalog: which customer fields a filter may name and which operators
 * each field takes. The backend maps each field to its column through a fixed table; nothing a
 * client sends ever becomes an identifier. Consent (`sms_opt_in`) is not a filter field: it is
 * applied to every ad by the preview/recipient query, never left to the filter.
 */

export const FILTER_OPERATORS = [
  'eq', 'neq', 'in', 'gte', 'lte', 'between', 'days_within', 'days_not_within', 'contains', 'age_band', 'birthday_month',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/**
 * How a field is compared. `code` fields (region, grade, store code) hold company-specific values
 * listed by `GET /api/targeting/fields`; `custom` fields take their type from the company's
 * catalog (`customer_field_labels.field_type`) at compile time.
 */
export type FilterFieldKind = 'gender' | 'code' | 'text' | 'number' | 'date' | 'age' | 'birth_month' | 'custom';
/** Types a company may give a custom field. */
export type CustomFieldType = 'string' | 'number' | 'date' | 'boolean';

export const STANDARD_FILTER_FIELDS = [
  'gender', 'age', 'birth_month', 'region', 'grade', 'points', 'store_code', 'recent_purchase_date',
  'recent_purchase_amount', 'total_purchase_amount', 'purchase_count', 'registered_at', 'name',
] as const;
export type StandardFilterField = (typeof STANDARD_FILTER_FIELDS)[number];
export type FilterField = StandardFilterField | CustomFieldKey;
export const FILTER_FIELDS: readonly FilterField[] = [...STANDARD_FILTER_FIELDS, ...CUSTOM_FIELD_KEYS];

export const STANDARD_FIELD_KINDS: Readonly<Record<StandardFilterField, FilterFieldKind>> = {
  gender: 'gender',
  age: 'age',
  birth_month: 'birth_month',
  region: 'code',
  grade: 'code',
  points: 'number',
  store_code: 'code',
  recent_purchase_date: 'date',
  recent_purchase_amount: 'number',
  total_purchase_amount: 'number',
  purchase_count: 'number',
  registered_at: 'date',
  name: 'text',
};

export const FILTER_FIELD_LABELS: Readonly<Record<StandardFilterField, string>> = {
  gender: '성별',
  age: '나이',
  birth_month: '생일 월',
  region: '지역',
  grade: '등급',
  points: '포인트',
  store_code: '매장코드',
  recent_purchase_date: '최근구매일',
  recent_purchase_amount: '최근구매금액',
  total_purchase_amount: '총구매금액',
  purchase_count: '구매횟수',
  registered_at: '가입일',
  name: '이름',
};

export const FILTER_OPERATOR_LABELS: Readonly<Record<FilterOperator, string>> = {
  eq: '같음',
  neq: '같지 않음 (값 없음 포함)',
  in: '다음 중 하나',
  gte: '이상',
  lte: '이하',
  between: '범위 (양 끝 포함)',
  days_within: '최근 N일 이내',
  days_not_within: '최근 N일 이내 없음 (기록 없음 포함)',
  contains: '포함',
  age_band: '연령대 (만 나이)',
  birthday_month: '생일 월',
};

export const GENDER_LABELS: Readonly<Record<'M' | 'F', string>> = { M: '남성', F: '여성' };

const NUMBER_OPS: readonly FilterOperator[] = ['eq', 'neq', 'in', 'gte', 'lte', 'between'];
const DATE_OPS: readonly FilterOperator[] = ['eq', 'gte', 'lte', 'between', 'days_within', 'days_not_within'];

/** Operators per field kind (custom fields: per custom type, see `CUSTOM_TYPE_OPERATORS`). */
export const KIND_OPERATORS: Readonly<Record<Exclude<FilterFieldKind, 'custom'>, readonly FilterOperator[]>> = {
  gender: ['eq', 'neq', 'in'],
  code: ['eq', 'neq', 'in'],
  text: ['eq', 'contains'],
  number: NUMBER_OPS,
  date: DATE_OPS,
  age: ['age_band', 'gte', 'lte'],
  birth_month: ['birthday_month'],
};

export const CUSTOM_TYPE_OPERATORS: Readonly<Record<CustomFieldType, readonly FilterOperator[]>> = {
  string: ['eq', 'neq', 'in', 'contains'],
  number: NUMBER_OPS,
  date: DATE_OPS,
  boolean: ['eq'],
};

const CUSTOM_SET = new Set<string>(CUSTOM_FIELD_KEYS);
const FIELD_SET = new Set<string>(FILTER_FIELDS);

export const isFilterField = (s: string): s is FilterField => FIELD_SET.has(s);
export const isCustomFilterField = (s: string): s is CustomFieldKey => CUSTOM_SET.has(s);

export function fieldKindOf(field: FilterField): FilterFieldKind {
  return isCustomFilterField(field) ? 'custom' : STANDARD_FIELD_KINDS[field];
}

/** Operators a field accepts; for custom fields, the operators of its type (or of any type when unknown). */
export function operatorsFor(field: FilterField, customType?: CustomFieldType): readonly FilterOperator[] {
  const kind = fieldKindOf(field);
  if (kind !== 'custom') return KIND_OPERATORS[kind];
  if (customType) return CUSTOM_TYPE_OPERATORS[customType];
  return [...new Set(Object.values(CUSTOM_TYPE_OPERATORS).flat())];
}

/** The Korean label of a field; custom fields use the company's label when given. */
export function filterFieldLabel(field: FilterField, customLabels?: ReadonlyMap<string, string>): string {
  if (isCustomFilterField(field)) return customLabels?.get(field) ?? `사용자 정의 ${field.slice('custom_'.length)}`;
  return FILTER_FIELD_LABELS[field];
}
