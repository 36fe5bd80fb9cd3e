import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER_MESSAGE, TargetFilter, isFilterGroup } from './filter.js';
import { PreviewTargetBody } from './api.js';

const and = (...conditions: unknown[]) => ({ op: 'and', conditions });
const messages = (input: unknown) => {
  const r = TargetFilter.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('TargetFilter', () => {
  it.each([
    ['gender eq', { field: 'gender', operator: 'eq', value: 'F' }],
    ['grade in', { field: 'grade', operator: 'in', value: ['VIP', 'VVIP'] }],
    ['region neq', { field: 'region', operator: 'neq', value: '서울' }],
    ['points between', { field: 'points', operator: 'between', value: { from: 0, to: 1000 } }],
    ['purchase_count gte', { field: 'purchase_count', operator: 'gte', value: 3 }],
    ['recent purchase days_within', { field: 'recent_purchase_date', operator: 'days_within', value: 90 }],
    ['6개월 미구매', { field: 'recent_purchase_date', operator: 'days_not_within', value: 180 }],
    ['registered_at between', { field: 'registered_at', operator: 'between', value: { from: '2025-01-01', to: '2025-12-31' } }],
    ['name contains', { field: 'name', operator: 'contains', value: '김' }],
    ['age band', { field: 'age', operator: 'age_band', value: { from: 30, to: 39 } }],
    ['birthday this month', { field: 'birth_month', operator: 'birthday_month', value: 'this_month' }],
    ['birthday March', { field: 'birth_month', operator: 'birthday_month', value: 3 }],
    ['custom string', { field: 'custom_15', operator: 'contains', value: '골프' }],
    ['custom number', { field: 'custom_1', operator: 'between', value: { from: 1, to: 5 } }],
    ['custom date', { field: 'custom_2', operator: 'gte', value: '2025-02-28' }],
    ['custom boolean', { field: 'custom_3', operator: 'eq', value: true }],
  ])('accepts %s', (_name, condition) => {
    expect(messages(and(condition))).toEqual([]);
  });

  it('accepts { all: true } and nested groups up to depth 3', () => {
    expect(TargetFilter.parse({ all: true })).toEqual({ all: true });
    const deep = and({ op: 'or', conditions: [and({ field: 'gender', operator: 'eq', value: 'M' })] });
    const parsed = TargetFilter.parse(deep);
    expect(isFilterGroup(parsed)).toBe(true);
    expect(parsed).toEqual(deep);
  });

  it('trims text values', () => {
    expect(TargetFilter.parse(and({ field: 'grade', operator: 'eq', value: ' VIP ' }))).toEqual(and({ field: 'grade', operator: 'eq', value: 'VIP' }));
  });

  it.each([
    ['{}', {}],
    ['empty group', { op: 'and', conditions: [] }],
    ['empty nested group', and({ field: 'gender', operator: 'eq', value: 'F' }, { op: 'or', conditions: [] })],
  ])('refuses an empty filter: %s', (_name, input) => {
    expect(messages(input).join('\n')).toContain(EMPTY_FILTER_MESSAGE);
  });

  it.each([
    ['all false', { all: false }, '전체 고객은'],
    ['all with extras', { all: true, op: 'and' }, '전체 고객은'],
    ['not an object', 'gender=F', '객체'],
    ['null', null, '객체'],
    ['array', [], '객체'],
    ['injection in field', and({ field: '"; DROP TABLE customers; --', operator: 'eq', value: 'x' }), 'conditions.0.field: 사용할 수 없는 필드'],
    ['a NUL byte in a value', and({ field: 'grade', operator: 'eq', value: 'V\u0000IP' }), 'conditions.0.value: 값에 제어 문자를 쓸 수 없습니다.'],
    ['custom_16', and({ field: 'custom_16', operator: 'eq', value: 'x' }), 'conditions.0.field'],
    ['__proto__ field', and({ field: '__proto__', operator: 'eq', value: 'x' }), 'conditions.0.field'],
    ['constructor field', and({ field: 'constructor', operator: 'eq', value: 'x' }), 'conditions.0.field'],
    ['sms_opt_in is not a filter field', and({ field: 'sms_opt_in', operator: 'eq', value: true }), 'conditions.0.field'],
    ['email is not a filter field', and({ field: 'email', operator: 'contains', value: 'a' }), 'conditions.0.field'],
    ['unknown operator', and({ field: 'grade', operator: 'like', value: 'x' }), 'conditions.0.operator'],
    ['operator not allowed for the field', and({ field: 'gender', operator: 'gte', value: 'F' }), '성별 필드에는'],
    ['contains on a code field', and({ field: 'grade', operator: 'contains', value: 'V' }), 'conditions.0.operator'],
    ['bad gender', and({ field: 'gender', operator: 'eq', value: 'X' }), 'conditions.0.value'],
    ['string for a number', and({ field: 'points', operator: 'gte', value: '100' }), 'conditions.0.value'],
    ['impossible date', and({ field: 'registered_at', operator: 'eq', value: '2025-02-30' }), 'conditions.0.value'],
    ['reversed range', and({ field: 'points', operator: 'between', value: { from: 10, to: 1 } }), 'from이 to보다'],
    ['mixed custom range', and({ field: 'custom_1', operator: 'between', value: { from: 1, to: '2025-01-01' } }), 'conditions.0.value'],
    ['age band reversed', and({ field: 'age', operator: 'age_band', value: { from: 39, to: 30 } }), 'from이 to보다'],
    ['month 13', and({ field: 'birth_month', operator: 'birthday_month', value: 13 }), 'conditions.0.value'],
    ['days 0', and({ field: 'recent_purchase_date', operator: 'days_within', value: 0 }), 'conditions.0.value'],
    ['days fraction', and({ field: 'recent_purchase_date', operator: 'days_within', value: 1.5 }), 'conditions.0.value'],
    ['empty in', and({ field: 'grade', operator: 'in', value: [] }), 'conditions.0.value'],
    ['201 in values', and({ field: 'grade', operator: 'in', value: Array.from({ length: 201 }, (_, i) => `G${i}`) }), '200개 이하'],
    ['extra key on a condition', and({ field: 'grade', operator: 'eq', value: 'VIP', raw: 'sql' }), '알 수 없는 항목'],
    ['object value for eq', and({ field: 'grade', operator: 'eq', value: { $ne: 1 } }), 'conditions.0.value'],
    ['bad op', { op: 'xor', conditions: [{ field: 'gender', operator: 'eq', value: 'F' }] }, 'op'],
    ['blank contains', and({ field: 'name', operator: 'contains', value: '   ' }), 'conditions.0.value'],
  ])('refuses %s', (_name, input, expected) => {
    const found = messages(input).join('\n');
    expect(found).toContain(expected);
  });

  it('refuses a depth-4 group and more than 50 conditions', () => {
    const leaf = { field: 'gender', operator: 'eq', value: 'F' };
    expect(messages(and(and(and(and(leaf))))).join()).toContain('3단계');
    expect(messages(and(...Array.from({ length: 51 }, () => leaf))).join()).toContain('최대 50개');
    expect(messages(and(...Array.from({ length: 50 }, () => leaf)))).toEqual([]);
  });

  it('reports an own "__proto__" key from JSON as an unknown key', () => {
    const input: unknown = JSON.parse('{"op":"and","conditions":[{"field":"grade","operator":"eq","value":"VIP","__proto__":{"x":1}}]}');
    expect(messages(input).join()).toContain('알 수 없는 항목입니다: __proto__');
  });

  it('requires isAd in the preview body', () => {
    expect(PreviewTargetBody.safeParse({ filter: { all: true } }).success).toBe(false);
    expect(PreviewTargetBody.parse({ filter: { all: true }, isAd: true })).toEqual({ filter: { all: true }, isAd: true });
  });
});
