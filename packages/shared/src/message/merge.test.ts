import { describe, expect, it } from 'vitest';
import { CUSTOMER_FIELDS } from '../customer-fields.js';
import { formatMergeValue, mergeToken, parseVariables, renderMerge } from './merge.js';
import { buildMergeCatalog, pickLongestValues, STANDARD_MERGE_FIELDS } from './merge-fields.js';

const catalog = STANDARD_MERGE_FIELDS;

describe('parseVariables', () => {
  it('finds %name% and %name|fallback% once each, in order', () => {
    expect(parseVariables('%이름|고객%님 %등급% 회원, %이름%님 %포인트%점')).toEqual(['이름', '등급', '포인트']);
  });

  it('leaves ordinary percent signs alone', () => {
    expect(parseVariables('최대 50% 할인, 추가 10% 적립')).toEqual([]);
    expect(parseVariables('30%~50% 세일 100%')).toEqual([]);
    expect(parseVariables('%%')).toEqual([]);
    expect(parseVariables('할인율 20%\n%이름%님')).toEqual(['이름']);
  });
});

describe('formatMergeValue', () => {
  it('groups thousands in numbers', () => {
    expect(formatMergeValue(12345, 'number')).toBe('12,345');
    expect(formatMergeValue('1234567', 'number')).toBe('1,234,567');
    expect(formatMergeValue('1234567.5', 'number')).toBe('1,234,567.5');
    expect(formatMergeValue(-1234, 'number')).toBe('-1,234');
    expect(formatMergeValue(999, 'number')).toBe('999');
    expect(formatMergeValue(0, 'number')).toBe('0');
    expect(formatMergeValue(12345, 'text')).toBe('12,345');
  });

  it('keeps phone-like and date-like values unchanged', () => {
    expect(formatMergeValue('01012345678', 'number')).toBe('01012345678');
    expect(formatMergeValue('01012345678', 'phone')).toBe('01012345678');
    expect(formatMergeValue('010-1234-5678', 'phone')).toBe('010-1234-5678');
    expect(formatMergeValue(20250105, 'number')).toBe('20250105');
    expect(formatMergeValue('2025-01-05', 'number')).toBe('2025-01-05');
    expect(formatMergeValue('12345', 'text')).toBe('12345');
  });

  it('renders dates as YYYY-MM-DD without going through Date', () => {
    expect(formatMergeValue('2025-01-05', 'date')).toBe('2025-01-05');
    expect(formatMergeValue('20250105', 'date')).toBe('2025-01-05');
    expect(formatMergeValue(20250105, 'date')).toBe('2025-01-05');
    expect(formatMergeValue('2025.1.5', 'date')).toBe('2025-01-05');
    expect(formatMergeValue('2025/12/31', 'date')).toBe('2025-12-31');
  });

  it('renders empty values as empty strings', () => {
    expect(formatMergeValue(null, 'text')).toBe('');
    expect(formatMergeValue(undefined, 'number')).toBe('');
    expect(formatMergeValue('   ', 'text')).toBe('');
  });
});

describe('renderMerge', () => {
  it('replaces known variables and uses the fallback only for empty values', () => {
    const body = '%이름|고객%님, %등급|일반% 등급 %포인트%점';
    expect(renderMerge(body, { 이름: '김민수', 등급: '', 포인트: 12345 }, catalog)).toEqual({
      text: '김민수님, 일반 등급 12,345점',
      unknownVariables: [],
    });
    expect(renderMerge(body, { 이름: null }, catalog).text).toBe('고객님, 일반 등급 점');
  });

  it('reports unknown variables and never deletes them', () => {
    expect(renderMerge('%이룸%님 %쿠폰코드%', { 이룸: 'x' }, catalog)).toEqual({
      text: '%이룸%님 %쿠폰코드%',
      unknownVariables: ['이룸', '쿠폰코드'],
    });
  });

  it('resolves custom fields from the company catalog, matching labels without spaces', () => {
    const company = buildMergeCatalog([
      { column: 'custom_1', label: '회원 코드' },
      { column: 'custom_2', label: '적립금', fieldType: 'number' },
      { column: 'custom_3', label: '이름' },
    ]);
    expect(company.filter((f) => f.name === '이름')).toHaveLength(1);
    expect(renderMerge('%적립금%원', { 적립금: '15000' }, company).text).toBe('15,000원');
    expect(mergeToken({ name: '회원 코드' })).toBe('%회원코드%');
    expect(renderMerge('코드 %회원코드%', { '회원 코드': 'A-77' }, company).text).toBe('코드 A-77');
    expect(company.find((f) => f.name === '회원 코드')).toMatchObject({ column: 'custom_1', kind: 'text' });
  });
});

describe('merge catalog', () => {
  it('maps every standard customer variable to a real customers column', () => {
    const columns = new Set(CUSTOMER_FIELDS.map((f) => f.columnName));
    for (const field of STANDARD_MERGE_FIELDS.filter((f) => f.source === 'customer')) {
      expect(columns.has(field.column), field.name).toBe(true);
    }
  });

  it('picks the longest rendered value per variable (CP949 bytes)', () => {
    const longest = pickLongestValues(
      [
        { 이름: '김철수', 포인트: 999999 },
        { 이름: '남궁민수아', 포인트: 1000 },
        { 이름: 'Christopher', 포인트: null },
      ],
      STANDARD_MERGE_FIELDS,
    );
    expect(longest['이름']).toBe('Christopher');
    expect(longest['포인트']).toBe(999999);
  });
});
