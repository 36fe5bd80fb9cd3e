import { describe, expect, it } from 'vitest';
import { normalizeAmount, normalizeInteger } from './amount.js';
import { CONSENT_NO, CONSENT_YES, normalizeConsent } from './consent.js';
import { normalizeGender } from './gender.js';
import { normalizeGrade } from './grade.js';
import { normalizeRegion, REGIONS } from './region.js';

describe('normalizeGender', () => {
  it.each([
    ['남', 'M'], ['남자', 'M'], ['남성', 'M'], ['M', 'M'], ['m', 'M'], ['male', 'M'], ['Male', 'M'], ['1', 'M'], [1, 'M'], [' 남자 ', 'M'],
    ['여', 'F'], ['여자', 'F'], ['여성', 'F'], ['F', 'F'], ['f', 'F'], ['female', 'F'], ['FEMALE', 'F'], ['2', 'F'], [2, 'F'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeGender(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['', '  ', null, undefined])('empty %s → null', (input) => {
    expect(normalizeGender(input)).toEqual({ ok: true, value: null });
  });
  it.each(['남녀', 'x', '3', 'unknown'])('reports %s', (input) => {
    const r = normalizeGender(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('성별 값을 알 수 없습니다');
  });
});

describe('normalizeGrade', () => {
  it.each([
    ['VIP', 'VIP'], ['V', 'VIP'], ['vip', 'VIP'], ['VIP고객', 'VIP'], ['VIP 고객', 'VIP'], ['브이아이피', 'VIP'],
    ['골드', '골드'], ['GOLD', '골드'], ['G', '골드'], ['실버', '실버'], ['SILVER', '실버'],
    ['일반', '일반'], ['NORMAL', '일반'], ['일반고객', '일반'], [' 다이아몬드 ', '다이아몬드'], ['Family', 'Family'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeGrade(input)).toEqual({ ok: true, value: expected });
  });
  it('empty → null', () => expect(normalizeGrade(' ')).toEqual({ ok: true, value: null }));
});

describe('normalizeRegion', () => {
  it.each([
    ['서울특별시', '서울'], ['서울시', '서울'], ['서울', '서울'], ['Seoul', '서울'], ['경기도', '경기'], ['부산광역시', '부산'],
    ['대구광역시', '대구'], ['인천', '인천'], ['광주광역시', '광주'], ['대전광역시', '대전'], ['울산광역시', '울산'],
    ['세종특별자치시', '세종'], ['강원도', '강원'], ['강원특별자치도', '강원'], ['충청북도', '충북'], ['충북', '충북'],
    ['충청남도', '충남'], ['전라북도', '전북'], ['전북특별자치도', '전북'], ['전라남도', '전남'], ['경상북도', '경북'],
    ['경상남도', '경남'], ['제주특별자치도', '제주'], ['제주도', '제주'],
    ['서울특별시 강남구 테헤란로 1', '서울'], ['경기도 성남시 분당구', '경기'], ['부산 해운대구', '부산'], ['제주특별자치도 제주시 1100로', '제주'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRegion(input)).toEqual({ ok: true, value: expected });
  });
  it('knows exactly 17 provinces', () => expect(REGIONS).toHaveLength(17));
  it.each(['강남구', 'Tokyo', '어딘가'])('reports %s', (input) => expect(normalizeRegion(input).ok).toBe(false));
});

describe('normalizeAmount', () => {
  it.each([
    ['₩1,000원', 1000], ['1,000', 1000], ['1000.50', 1000.5], ['-', 0], ['1,234,567원', 1234567], ['KRW 5000', 5000],
    ['(1,000)', -1000], ['-2,500', -2500], [3000, 3000], ['  700 ', 700], ['0', 0],
  ])('%s → %s', (input, expected) => {
    expect(normalizeAmount(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['abc', '1.000.000', '12a', '1e5', Number.NaN, 1e13])('reports %s', (input) => {
    const r = normalizeAmount(input);
    expect(r.ok).toBe(false);
  });
  it('empty → null', () => expect(normalizeAmount('')).toEqual({ ok: true, value: null }));
  it('rounds integers', () => {
    expect(normalizeInteger('1,234.5')).toEqual({ ok: true, value: 1235 });
    expect(normalizeInteger('-2.5')).toEqual({ ok: true, value: -3 });
  });
});

describe('normalizeConsent (KOREAN-MESSAGING-RULES §3, LESSONS 8)', () => {
  it.each(CONSENT_YES.map((v) => [v]))('%s is consent', (v) => expect(normalizeConsent(v)).toEqual({ ok: true, value: true }));
  it.each(CONSENT_NO.map((v) => [v]))('%s is a refusal', (v) => expect(normalizeConsent(v)).toEqual({ ok: true, value: false }));
  it('reads booleans and numeric 1/0', () => {
    expect(normalizeConsent(true)).toEqual({ ok: true, value: true });
    expect(normalizeConsent(false)).toEqual({ ok: true, value: false });
    expect(normalizeConsent(1)).toEqual({ ok: true, value: true });
    expect(normalizeConsent(0)).toEqual({ ok: true, value: false });
  });
  it('reads 비동의 as a refusal, never as consent', () => {
    expect(normalizeConsent('비동의')).toEqual({ ok: true, value: false });
    expect(normalizeConsent(' 미동의 ')).toEqual({ ok: true, value: false });
  });
  it.each(['yes', 'True', '동의함', '?', '2', 'O/X', '네'])('reports unknown %s as not consent', (v) => {
    const r = normalizeConsent(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('수신동의 값을 알 수 없습니다');
  });
  it('empty → null (the caller decides, never "consented")', () => expect(normalizeConsent('')).toEqual({ ok: true, value: null }));
});
