import { describe, expect, it } from 'vitest';
import { suggestMapping, CUSTOMER_FIELDS } from '../customer-fields.js';
import { normalizeCustomerRecord } from './customer.js';
import { normalizePurchaseRecord } from './purchase.js';

const today = '2026-11-29';

describe('normalizeCustomerRecord', () => {
  it('normalises a messy upload row', () => {
    const r = normalizeCustomerRecord(
      {
        phone: '010-1234-5678', name: ' 홍길동 ', gender: '남자', birth_date: '1985. 3. 12.', region: '서울특별시', grade: 'VIP고객',
        points: '1,200', store_code: 1001, registered_at: 46008, recent_purchase_amount: '₩35,000원', sms_opt_in: '비동의',
        custom_3: '골프', custom_fields: { custom_1: 'A', custom_2: 12 },
      },
      { today },
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        phone: '01012345678', name: '홍길동', gender: 'M', birth_date: '1985-03-12', birth_year: 1985, birth_month_day: '03-12',
        region: '서울', grade: 'VIP', points: 1200, store_code: '1001', registered_at: '2025-12-17', recent_purchase_amount: 35000,
        sms_opt_in: false, custom_fields: { custom_1: 'A', custom_2: '12', custom_3: '골프' },
      },
    });
  });

  it('leaves missing fields undefined (never null) so the writer cannot erase', () => {
    const r = normalizeCustomerRecord({ phone: 1012345678, name: '', gender: null });
    expect(r).toEqual({ ok: true, value: { phone: '01012345678' }, warnings: [] });
  });

  it.each([
    [{ name: 'x' }, '휴대폰 번호가 없습니다'],
    [{ phone: '02-123-4567' }, '휴대폰 번호 형식이 올바르지 않습니다'],
    [{ phone: '01012345678', sms_opt_in: '모름' }, '수신동의 값을 알 수 없습니다'],
  ])('fails %j', (raw, reason) => {
    const r = normalizeCustomerRecord(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('keeps the row and warns on an unreadable optional value', () => {
    const r = normalizeCustomerRecord({ phone: '+82 10 1234 5678', gender: '?', birth_date: '2025-02-30', total_purchase_amount: 'abc' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual({ phone: '01012345678' });
      expect(r.warnings).toHaveLength(3);
    }
  });

  it('derives the region from the address when no region is given', () => {
    const r = normalizeCustomerRecord({ phone: '01012345678', address: '경기도 성남시 분당구 판교로 1' });
    expect(r.ok && r.value.region).toBe('경기');
  });
});

describe('normalizePurchaseRecord', () => {
  it('normalises a purchase and defaults quantity to 1', () => {
    expect(normalizePurchaseRecord({ customer_phone: '010 1234 5678', purchase_date: '20251217', total_amount: '12,000', product_code: 'P1' })).toEqual({
      ok: true,
      warnings: [],
      value: { customer_phone: '01012345678', purchase_date: '2025-12-17', total_amount: 12000, quantity: 1, product_code: 'P1' },
    });
  });
  it.each([
    [{ purchase_date: '2025-12-17', total_amount: 1 }, '휴대폰'],
    [{ customer_phone: '01012345678', total_amount: 1 }, '구매일이 없습니다'],
    [{ customer_phone: '01012345678', purchase_date: '2025-13-01', total_amount: 1 }, '구매일'],
    [{ customer_phone: '01012345678', purchase_date: '2025-12-01', total_amount: 'x' }, '구매금액'],
  ])('fails %j', (raw, reason) => {
    const r = normalizePurchaseRecord(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('suggestMapping', () => {
  it('maps Korean and English aliases ignoring case, spaces and underscores', () => {
    expect(
      suggestMapping(['고객명', '휴대폰 번호', 'SEX', 'Birth_Day', '회원등급', '시도', 'SMS수신', '매장코드', '가입매장', '포인트', '최근구매일', '총구매금액', '비고']),
    ).toEqual({
      고객명: 'name', '휴대폰 번호': 'phone', SEX: 'gender', Birth_Day: 'birth_date', 회원등급: 'grade', 시도: 'region', SMS수신: 'sms_opt_in',
      매장코드: 'store_code', 가입매장: 'registered_store', 포인트: 'points', 최근구매일: 'recent_purchase_date', 총구매금액: 'total_purchase_amount', 비고: null,
    });
  });
  it.each(['이름', '성명', 'name', '휴대폰', '핸드폰', '휴대전화', '연락처', '전화번호', '핸드폰번호', 'mobile', 'phone', 'tel', '성별', 'gender', 'sex', '생년월일', '생일', 'birth', 'birthday', '등급', 'grade', '지역', 'region', '수신동의', '문자수신', '마케팅동의', 'sms_opt_in', 'store_code', '매장명'])(
    'knows %s',
    (c) => expect(suggestMapping([c])[c]).not.toBeNull(),
  );
  it('gives a field to the first matching column only', () => {
    expect(suggestMapping(['휴대폰', '전화번호'])).toEqual({ 휴대폰: 'phone', 전화번호: null });
  });
  it('maps purchase columns', () => {
    expect(suggestMapping(['연락처', '구매일자', '결제금액', '상품명', 'QTY'], 'purchases')).toEqual({
      연락처: 'customer_phone', 구매일자: 'purchase_date', 결제금액: 'total_amount', 상품명: 'product_name', QTY: 'quantity',
    });
  });
  it('has no alias claimed by two fields', () => {
    const seen = new Map<string, string>();
    for (const f of CUSTOMER_FIELDS) for (const a of f.aliases) {
      const k = a.toLowerCase().replace(/[\s_]/g, '');
      expect(seen.get(k) ?? f.fieldKey, `${a}`).toBe(f.fieldKey);
      seen.set(k, f.fieldKey);
    }
  });
});
