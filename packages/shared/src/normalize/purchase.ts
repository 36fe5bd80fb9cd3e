import { normalizeMobile } from '../phone.js';
import { normalizeAmount, normalizeInteger } from './amount.js';
import { optional, textValue, type RecordResult } from './customer.js';
import { normalizeDate, type DateOptions } from './date.js';
import { cellText, show } from './result.js';

/** One purchase row ready for the writer (the `Purchase` of SYNC-AGENT.md, normalised). */
export interface NormalizedPurchase {
  customer_phone: string;
  purchase_date: string;
  total_amount: number;
  store_code?: string;
  store_name?: string;
  product_code?: string;
  product_name?: string;
  /** Defaults to 1 when not given. */
  quantity: number;
  unit_price?: number;
}

/**
 * A raw purchase → `NormalizedPurchase`. Phone, date and total amount are required (the row fails
 * without them); other unreadable values are left out with a warning. Purchase `custom_fields`
 * have no column and are not stored.
 */
export function normalizePurchaseRecord(raw: Record<string, unknown>, opts: DateOptions = {}): RecordResult<NormalizedPurchase> {
  const phone = normalizeMobile(typeof raw.customer_phone === 'number' ? raw.customer_phone : (cellText(raw.customer_phone) ?? ''));
  if (phone === null) {
    return { ok: false, reason: cellText(raw.customer_phone) === null ? '휴대폰 번호가 없습니다.' : `휴대폰 번호 형식이 올바르지 않습니다: ${show(raw.customer_phone)}` };
  }
  const date = normalizeDate(raw.purchase_date, opts);
  if (!date.ok) return { ok: false, reason: `구매일: ${date.reason}` };
  if (date.value === null) return { ok: false, reason: '구매일이 없습니다.' };
  const amount = normalizeAmount(raw.total_amount);
  if (!amount.ok) return { ok: false, reason: `구매금액: ${amount.reason}` };
  if (amount.value === null) return { ok: false, reason: '구매금액이 없습니다.' };
  const w: string[] = [];
  const p: NormalizedPurchase = { customer_phone: phone, purchase_date: date.value, total_amount: amount.value, quantity: 1 };
  const quantity = optional(normalizeInteger(raw.quantity), w, '수량');
  if (quantity !== undefined) p.quantity = quantity;
  for (const f of ['store_code', 'store_name', 'product_code', 'product_name'] as const) {
    const v = textValue(raw[f], w, f);
    if (v !== undefined) p[f] = v;
  }
  const unit = optional(normalizeAmount(raw.unit_price), w, '단가');
  if (unit !== undefined) p.unit_price = unit;
  return { ok: true, value: p, warnings: w };
}
