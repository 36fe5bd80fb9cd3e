import { normalizeMobile } from '../phone.js';
import { normalizeAmount, normalizeInteger } from './amount.js';
import { normalizeBirth } from './birth.js';
import { normalizeConsent } from './consent.js';
import { normalizeDate, type DateOptions } from './date.js';
import { normalizeGender, type Gender } from './gender.js';
import { normalizeGrade } from './grade.js';
import { normalizeRegion } from './region.js';
import { cellText, show, type NormResult } from './result.js';

export const CUSTOM_FIELD_KEYS = [
  'custom_1', 'custom_2', 'custom_3', 'custom_4', 'custom_5', 'custom_6', 'custom_7', 'custom_8',
  'custom_9', 'custom_10', 'custom_11', 'custom_12', 'custom_13', 'custom_14', 'custom_15',
] as const;
export type CustomFieldKey = (typeof CUSTOM_FIELD_KEYS)[number];
export type CustomFieldValues = Partial<Record<CustomFieldKey, string>>;
const CUSTOM_KEY_SET = new Set<string>(CUSTOM_FIELD_KEYS);
export const isCustomFieldKey = (k: string): k is CustomFieldKey => CUSTOM_KEY_SET.has(k);

/**
 * One customer row ready for the writer: snake_case columns, each `undefined` when the source did
 * not provide it (the writer never erases a stored value with a missing one).
 */
export interface NormalizedCustomer {
  phone: string;
  name?: string;
  gender?: Gender;
  birth_date?: string;
  birth_year?: number;
  birth_month_day?: string;
  email?: string;
  address?: string;
  region?: string;
  grade?: string;
  points?: number;
  store_code?: string;
  store_name?: string;
  store_phone?: string;
  registered_store?: string;
  registration_type?: string;
  registered_at?: string;
  recent_purchase_date?: string;
  recent_purchase_amount?: number;
  recent_purchase_store?: string;
  total_purchase_amount?: number;
  purchase_count?: number;
  /** true/false only when the source said so explicitly (a §3 spelling); undefined otherwise. */
  sms_opt_in?: boolean;
  custom_fields?: CustomFieldValues;
}

export type RecordResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; reason: string };

const TEXT_FIELDS = [
  'name', 'email', 'address', 'store_code', 'store_name', 'store_phone', 'registered_store',
  'registration_type', 'recent_purchase_store',
] as const;
const MAX_TEXT = 500;

/** Trimmed text of a cell; Date objects as their date; too-long text cut (with a warning). */
export function textValue(input: unknown, warnings: string[], label: string): string | undefined {
  if (input instanceof Date) {
    const d = normalizeDate(input);
    return d.ok && d.value !== null ? d.value : undefined;
  }
  const t = cellText(input);
  if (t === null) return undefined;
  if (t.length <= MAX_TEXT) return t;
  warnings.push(`${label} 값이 ${MAX_TEXT}자를 넘어 잘렸습니다.`);
  return t.slice(0, MAX_TEXT);
}

/** Applies a normaliser to an optional field: a bad value becomes a warning and is left out. */
export function optional<T>(r: NormResult<T>, warnings: string[], label: string): T | undefined {
  if (!r.ok) {
    warnings.push(`${label}: ${r.reason}`);
    return undefined;
  }
  return r.value ?? undefined;
}

function customFields(raw: Record<string, unknown>, warnings: string[]): CustomFieldValues | undefined {
  const out: CustomFieldValues = {};
  const nested = raw.custom_fields;
  const sources: Array<[string, unknown]> = [
    ...(nested && typeof nested === 'object' && !Array.isArray(nested) ? Object.entries(nested) : []),
    ...Object.entries(raw).filter(([k]) => isCustomFieldKey(k)),
  ];
  for (const [key, value] of sources) {
    if (!isCustomFieldKey(key)) {
      warnings.push(`알 수 없는 사용자 정의 필드는 무시했습니다: ${show(key)}`);
      continue;
    }
    const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : textValue(value, warnings, key);
    if (text !== undefined) out[key] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function drop<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * A raw row (field keys of `customer-fields.ts`, values as read from a file or sent by an agent)
 * → a `NormalizedCustomer`. The row fails only without a valid mobile phone or with a consent
 * value that is not one of the §3 spellings (unknown is never consent, and never silently "no"
 * either); any other unreadable value is left out with a warning. Region falls back to the
 * address when not given. `age` is not stored (derived from birth_date when queried).
 */
export function normalizeCustomerRecord(raw: Record<string, unknown>, opts: DateOptions = {}): RecordResult<NormalizedCustomer> {
  const phoneText = cellText(raw.phone);
  if (phoneText === null && typeof raw.phone !== 'number') return { ok: false, reason: '휴대폰 번호가 없습니다.' };
  const phone = normalizeMobile(typeof raw.phone === 'number' ? raw.phone : (phoneText ?? ''));
  if (phone === null) return { ok: false, reason: `휴대폰 번호 형식이 올바르지 않습니다: ${show(raw.phone)}` };
  const consent = normalizeConsent(raw.sms_opt_in);
  if (!consent.ok) return { ok: false, reason: consent.reason };

  const w: string[] = [];
  const c: NormalizedCustomer = { phone };
  for (const f of TEXT_FIELDS) c[f] = textValue(raw[f], w, f);
  c.gender = optional(normalizeGender(raw.gender), w, '성별');
  const birth = optional(normalizeBirth(raw.birth_date, opts), w, '생년월일');
  c.birth_date = birth?.birth_date ?? undefined;
  c.birth_year = birth?.birth_year ?? undefined;
  c.birth_month_day = birth?.birth_month_day ?? undefined;
  const year = optional(normalizeInteger(raw.birth_year), w, '출생연도');
  if (year !== undefined) {
    if (year >= 1900 && year <= 2100) c.birth_year = year;
    else w.push(`출생연도가 범위를 벗어났습니다: ${show(raw.birth_year)}`);
  }
  const md = optional(normalizeBirth(raw.birth_month_day, opts), w, '생일(월-일)');
  if (md?.birth_month_day) c.birth_month_day = md.birth_month_day;
  c.region = optional(normalizeRegion(raw.region), w, '지역');
  if (c.region === undefined && c.address !== undefined) {
    const fromAddress = normalizeRegion(c.address);
    if (fromAddress.ok && fromAddress.value !== null) c.region = fromAddress.value;
  }
  c.grade = optional(normalizeGrade(raw.grade), w, '등급');
  c.points = optional(normalizeInteger(raw.points), w, '포인트');
  c.registered_at = optional(normalizeDate(raw.registered_at, opts), w, '가입일');
  c.recent_purchase_date = optional(normalizeDate(raw.recent_purchase_date, opts), w, '최근구매일');
  c.recent_purchase_amount = optional(normalizeAmount(raw.recent_purchase_amount), w, '최근구매금액');
  c.total_purchase_amount = optional(normalizeAmount(raw.total_purchase_amount), w, '총구매금액');
  c.purchase_count = optional(normalizeInteger(raw.purchase_count), w, '구매횟수');
  c.sms_opt_in = consent.value ?? undefined;
  c.custom_fields = customFields(raw, w);
  return { ok: true, value: drop(c), warnings: w };
}
