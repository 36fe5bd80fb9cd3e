import { analyzeText } from './analyze-text.js';
import { formatMergeValue, mergeKey } from './merge.js';
import type { MergeField, MergeFieldKind, MergeValue, MergeValues } from './types.js';

/**
 * Where the backend reads a value: a `customers` column, or the send itself (`callback` = the
 * callback number this recipient gets, which is the store phone under individual callback).
 */
export interface StandardMergeField extends MergeField {
  source: 'customer' | 'send';
  column: string;
}

/** Standard variables every company has (columns from `customer-fields.ts`). */
export const STANDARD_MERGE_FIELDS: readonly StandardMergeField[] = [
  { name: '이름', kind: 'text', source: 'customer', column: 'name' },
  { name: '등급', kind: 'text', source: 'customer', column: 'grade' },
  { name: '지역', kind: 'text', source: 'customer', column: 'region' },
  { name: '포인트', kind: 'number', source: 'customer', column: 'points' },
  { name: '구매금액', kind: 'number', source: 'customer', column: 'total_purchase_amount' },
  { name: '총구매금액', kind: 'number', source: 'customer', column: 'total_purchase_amount' },
  { name: '최근구매금액', kind: 'number', source: 'customer', column: 'recent_purchase_amount' },
  { name: '구매횟수', kind: 'number', source: 'customer', column: 'purchase_count' },
  { name: '최근구매일', kind: 'date', source: 'customer', column: 'recent_purchase_date' },
  { name: '최근구매매장', kind: 'text', source: 'customer', column: 'recent_purchase_store' },
  { name: '매장명', kind: 'text', source: 'customer', column: 'store_name' },
  { name: '매장전화번호', kind: 'phone', source: 'customer', column: 'store_phone' },
  { name: '생일', kind: 'date', source: 'customer', column: 'birth_date' },
  { name: '가입일', kind: 'date', source: 'customer', column: 'registered_at' },
  { name: '회신번호', kind: 'phone', source: 'send', column: 'callback' },
];

/** Direct send (pasted/uploaded recipients, address books): 이름, 기타1–3, 회신번호. */
export const DIRECT_SEND_MERGE_FIELDS: readonly MergeField[] = [
  { name: '이름', kind: 'text' },
  { name: '기타1', kind: 'text' },
  { name: '기타2', kind: 'text' },
  { name: '기타3', kind: 'text' },
  { name: '회신번호', kind: 'phone' },
];

export interface CustomFieldLabel {
  /** `custom_1` … `custom_15`. */
  column: string;
  label: string;
  /** `customer_field_labels.field_type`; numbers and dates render like standard ones. */
  fieldType?: 'string' | 'number' | 'date' | 'boolean' | null;
}

function customKind(fieldType: CustomFieldLabel['fieldType']): MergeFieldKind {
  return fieldType === 'number' || fieldType === 'date' ? fieldType : 'text';
}

/** A company's catalog: the standard fields plus its labelled custom fields. */
export function buildMergeCatalog(customLabels: readonly CustomFieldLabel[] = []): StandardMergeField[] {
  const taken = new Set(STANDARD_MERGE_FIELDS.map((f) => mergeKey(f.name)));
  const custom = customLabels
    .filter((c) => mergeKey(c.label) !== '' && !taken.has(mergeKey(c.label)))
    .map((c): StandardMergeField => ({ name: c.label, kind: customKind(c.fieldType), source: 'customer', column: c.column }));
  return [...STANDARD_MERGE_FIELDS, ...custom];
}

/**
 * For the size check: per catalog field, the recipient value whose rendered text is longest in
 * CP949 bytes. Pass the result as `longestValues` to `buildMessage`.
 */
export function pickLongestValues(
  recipients: Iterable<MergeValues>,
  catalog: readonly MergeField[],
): Record<string, MergeValue> {
  const longest: Record<string, { value: MergeValue; bytes: number }> = {};
  for (const values of recipients) {
    for (const field of catalog) {
      const value = values[field.name];
      const bytes = analyzeText(formatMergeValue(value, field.kind)).bytes;
      const current = longest[field.name];
      if (!current || bytes > current.bytes) longest[field.name] = { value, bytes };
    }
  }
  return Object.fromEntries(Object.entries(longest).map(([name, v]) => [name, v.value]));
}

