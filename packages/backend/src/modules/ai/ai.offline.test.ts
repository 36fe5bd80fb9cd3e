import { describe, expect, it } from 'vitest';
import { REGIONS, TargetFilter, buildMergeCatalog, buildMessage, type FilterCondition } from '@hanjullo/shared';
import { guardVariant, type CopyGuardContext } from './copy-guard.js';
import { recommendTargetOffline } from './offline/offline-engine.js';
import { parsePurpose } from './offline/parse-purpose.js';
import { parseTargetPrompt, type TargetVocabulary } from './offline/parse-target.js';
import { writeTemplateCopy } from './offline/copy-templates.js';

const VOCAB: TargetVocabulary = {
  today: '2026-11-30',
  grades: ['VIP', '골드', '실버', '일반'],
  regions: [...REGIONS],
  stores: [{ code: 'GN01', name: '강남점' }, { code: 'HD02', name: '홍대점' }, { code: 'PG03', name: '판교점' }, { code: 'HU04', name: '해운대점' }],
};

const F = { field: 'gender', operator: 'eq', value: 'F' } as const;
const M = { field: 'gender', operator: 'eq', value: 'M' } as const;
const age = (from: number, to: number) => ({ field: 'age', operator: 'age_band', value: { from, to } }) as const;
const grade = (...g: string[]): FilterCondition => (g.length === 1 ? { field: 'grade', operator: 'eq', value: g[0] ?? '' } : { field: 'grade', operator: 'in', value: g });
const region = (...r: string[]): FilterCondition => (r.length === 1 ? { field: 'region', operator: 'eq', value: r[0] ?? '' } : { field: 'region', operator: 'in', value: r });
const within = (days: number) => ({ field: 'recent_purchase_date', operator: 'days_within', value: days }) as const;
const notWithin = (days: number) => ({ field: 'recent_purchase_date', operator: 'days_not_within', value: days }) as const;
const total = (operator: 'gte' | 'lte', value: number) => ({ field: 'total_purchase_amount', operator, value }) as const;
const birthday = (value: number | 'this_month') => ({ field: 'birth_month', operator: 'birthday_month', value }) as const;
const store = (...codes: string[]): FilterCondition => (codes.length === 1 ? { field: 'store_code', operator: 'eq', value: codes[0] ?? '' } : { field: 'store_code', operator: 'in', value: codes });

/** prompt → expected conditions (any order) and ad classification; [] means { all: true }. */
const TABLE: Array<[string, FilterCondition[], boolean]> = [
  ['30대 여성 VIP 고객에게 봄 신상 20% 할인 안내', [F, age(30, 39), grade('VIP')], true],
  ['20대 남성에게 겨울 세일 소식', [M, age(20, 29)], true],
  ['여자 고객 대상 쿠폰 발송', [F], true],
  ['남자 고객에게 신상품 입고 알림', [M], true],
  ['30~40대 여성 이벤트', [F, age(30, 49)], true],
  ['40세 이상 고객에게 건강 이벤트', [{ field: 'age', operator: 'gte', value: 40 }], true],
  ['50대 이상 골드 회원 할인', [{ field: 'age', operator: 'gte', value: 50 }, grade('골드')], true],
  ['20대와 30대 고객에게 쿠폰', [age(20, 39)], true],
  ['2030 여성 고객 신상 안내', [F, age(20, 39)], true],
  ['MZ세대 고객에게 이벤트', [age(20, 39)], true],
  ['30대 초반 여성에게 할인', [F, age(30, 33)], true],
  ['25세~34세 고객 이벤트', [age(25, 34)], true],
  ['60세 미만 고객 세일', [{ field: 'age', operator: 'lte', value: 59 }], true],
  ['VIP 고객에게 감사 쿠폰', [grade('VIP')], true],
  ['골드 등급 고객 10% 할인', [grade('골드')], true],
  ['우수고객에게 특별 이벤트', [grade('VIP', '골드')], true],
  ['실버 이상 회원에게 적립 이벤트', [grade('VIP', '골드', '실버')], true],
  ['일반 회원에게 첫 구매 쿠폰', [grade('일반')], true],
  ['VIP와 골드 고객 대상 세일', [grade('VIP', '골드')], true],
  ['서울 고객에게 오픈 이벤트', [region('서울')], true],
  ['경기도 거주 고객 할인', [region('경기')], true],
  ['부산 지역 고객 세일', [region('부산')], true],
  ['서울, 경기 고객에게 신상품', [region('서울', '경기')], true],
  ['수도권 고객에게 이벤트', [region('서울', '경기', '인천')], true],
  ['제주도 고객에게 배송 일정 안내', [region('제주')], false],
  ['경상남도 고객 쿠폰', [region('경남')], true],
  ['충청북도와 충청남도 고객 할인', [region('충북', '충남')], true],
  ['대구 광주 대전 고객 이벤트', [region('대구', '광주', '대전')], true],
  ['강원 고객 세일', [region('강원')], true],
  ['서울 제외 전 고객 할인', [{ field: 'region', operator: 'neq', value: '서울' }], true],
  ['최근 3개월 구매 고객에게 감사 쿠폰', [within(90)], true],
  ['최근 1개월 내 구매 고객 신상 안내', [within(30)], true],
  ['최근 2주 이내 구매 고객 리뷰 이벤트', [within(14)], true],
  ['6개월 미구매 고객에게 재방문 쿠폰', [notWithin(180)], true],
  ['1년 이상 구매 없는 고객 할인', [notWithin(365)], true],
  ['3개월 동안 구매하지 않은 고객 쿠폰', [notWithin(90)], true],
  ['휴면 고객 재방문 이벤트', [notWithin(365)], true],
  ['최근 한 달 구매 고객 이벤트', [within(30)], true],
  ['구매금액 50만원 이상 고객에게 VIP 초대 이벤트', [total('gte', 500000), grade('VIP')], true],
  ['누적 구매액 100만원 이상 고객 감사 쿠폰', [total('gte', 1000000)], true],
  ['총구매금액 10만원 이하 고객 할인', [total('lte', 100000)], true],
  ['30만원 이상 구매 고객 사은품 증정', [total('gte', 300000)], true],
  ['최근 구매금액 5만원 이상 고객 쿠폰', [{ field: 'recent_purchase_amount', operator: 'gte', value: 50000 }], true],
  ['포인트 1만점 이상 고객 포인트 사용 이벤트', [{ field: 'points', operator: 'gte', value: 10000 }], true],
  ['구매 횟수 5회 이상 고객 감사 쿠폰', [{ field: 'purchase_count', operator: 'gte', value: 5 }], true],
  ['이번 달 생일 고객에게 생일 쿠폰', [birthday('this_month')], true],
  ['3월 생일 고객 축하 쿠폰', [birthday(3)], true],
  ['이달 생일인 VIP 고객 축하 이벤트', [birthday('this_month'), grade('VIP')], true],
  ['다음 달 생일 고객 미리 쿠폰', [birthday(12)], true],
  ['강남점 고객에게 오픈 이벤트', [store('GN01')], true],
  ['홍대점 VIP 할인', [store('HD02'), grade('VIP')], true],
  ['해운대점 고객 세일', [store('HU04')], true],
  ['강남점과 판교점 고객 쿠폰', [store('GN01', 'PG03')], true],
  ['판교 매장 고객 신상 안내', [store('PG03')], true],
  ['전체 고객에게 연말 세일', [], true],
  ['모든 회원에게 배송 지연 안내', [], false],
  ['주문하신 상품 배송 안내', [], false],
  ['예약 확인 안내 문자', [], false],
  ['VIP 고객에게 포인트 소멸 안내', [grade('VIP')], false],
  ['매장 영업시간 변경 안내', [], false],
  ['서울 30대 남성 VIP 최근 3개월 구매 고객 신상 20% 할인', [region('서울'), age(30, 39), M, grade('VIP'), within(90)], true],
  ['부산 40대 여성 6개월 미구매 고객 재구매 쿠폰 5천원', [region('부산'), age(40, 49), F, notWithin(180)], true],
  ['강남점 20대 여성 이번 달 생일 고객 생일 쿠폰', [store('GN01'), age(20, 29), F, birthday('this_month')], true],
  ['신규 가입 고객 웰컴 쿠폰', [{ field: 'registered_at', operator: 'days_within', value: 30 }], true],
  ['골드 이상 40대 고객 블랙프라이데이 세일', [grade('VIP', '골드'), age(40, 49)], true],
  ['남녀 모두 20대 고객 이벤트', [age(20, 29)], true],
  ['20대와 40대 여성 쿠폰', [F, { op: 'or', conditions: [age(20, 29), age(40, 49)] } as unknown as FilterCondition], true],
];

const sortKey = (c: FilterCondition) => JSON.stringify(c);
const normalize = (conditions: FilterCondition[]) => conditions.map(sortKey).sort();

describe('offline Korean rule parser', () => {
  it('has at least 60 prompts', () => expect(TABLE.length).toBeGreaterThanOrEqual(60));

  it.each(TABLE)('%s', (prompt, expected, isAd) => {
    const draft = recommendTargetOffline(prompt, VOCAB);
    const filter = TargetFilter.parse(draft.filter);
    const got = 'op' in filter ? (filter.conditions as FilterCondition[]) : [];
    if (expected.length === 0) expect(filter).toEqual({ all: true });
    expect(normalize(got)).toEqual(normalize(expected));
    expect(draft.isAd).toBe(isAd);
  });

  it('keeps the topic and the stated benefit for the copy', () => {
    const t = parseTargetPrompt('30대 여성 VIP 고객에게 봄 신상 20% 할인 안내', VOCAB);
    expect(parsePurpose('30대 여성 VIP 고객에게 봄 신상 20% 할인 안내', t.rest)).toMatchObject({ isAd: true, topic: '봄 신상', benefits: ['20% 할인'] });
  });

  it('explains its reading in Korean and names the campaign', () => {
    const draft = recommendTargetOffline('30대 여성 VIP 고객에게 봄 신상 20% 할인 안내', VOCAB);
    expect(draft.reasoning).toContain("'30대' → 나이: 30~39세");
    expect(draft.reasoning).toContain('광고성');
    expect(draft.campaignName).toBe('11월 봄 신상 20% 할인 - 30대 여성 VIP');
    expect(draft).toMatchObject({ channel: 'SMS', variables: ['이름', '등급'] });
  });
});

const CATALOG = buildMergeCatalog();
const guardCtx = (over: Partial<CopyGuardContext> = {}): CopyGuardContext => ({
  channel: 'SMS', isAd: true, optOut080: '0807196700', catalog: CATALOG,
  longestValues: { 이름: '남궁가나다라', 포인트: 9999999, 등급: 'VIP' }, allowedVariables: ['이름'], prompt: '봄 신상 20% 할인', ...over,
});

describe('offline template copy', () => {
  it.each([
    ['SMS ad', '30대 여성 VIP 고객에게 봄 신상 20% 할인 안내', 'SMS', true, ['이름']],
    ['SMS ad, long topic', '겨울 시즌 오프 프리미엄 캐시미어 코트 컬렉션 최대 70% 할인 쿠폰', 'SMS', true, ['이름']],
    ['SMS info', '포인트 소멸 안내', 'SMS', false, ['이름', '포인트']],
    ['LMS ad', '강남점 리뉴얼 오픈 이벤트 5천원 쿠폰 자세히', 'LMS', true, ['이름', '매장명']],
    ['MMS ad', '신상품 사진과 함께 1+1 이벤트', 'MMS', true, []],
    ['LMS info', '배송 지연 안내', 'LMS', false, ['이름']],
  ] as const)('writes three variants that fit after the ad wrap: %s', (_name, prompt, channel, isAd, variables) => {
    const purpose = parsePurpose(prompt);
    const ctx = guardCtx({ channel, isAd, allowedVariables: variables, prompt });
    const variants = writeTemplateCopy({ channel, isAd, purpose, variables }, (d) => guardVariant(d, ctx).ok);
    expect(variants.map((v) => v.name)).toEqual(['감성형', '혜택강조형', 'MZ감성형']);
    for (const v of variants) {
      const built = buildMessage({ type: channel, subject: v.subject ?? null, body: v.body, isAd, optOut080: '0807196700', catalog: CATALOG, longestValues: ctx.longestValues });
      expect(built.errors.filter((e) => e.code !== 'mms_image_required')).toEqual([]);
      expect(v.body).not.toContain('(광고)');
      expect(v.body).not.toMatch(/080|수신거부/);
      if (isAd) expect(built.body.startsWith('(광고)')).toBe(true);
    }
  });

  it('repairs emoji, labels and opt-out lines, and refuses invented numbers, benefit words and variables', () => {
    const ok = guardVariant({ body: '(광고)봄 신상 20% 할인 🌸\n무료거부0801234567' }, guardCtx());
    expect(ok).toMatchObject({ ok: true, variant: { body: '봄 신상 20% 할인' } });
    if (ok.ok) expect(ok.variant.bytes).toBe(buildMessage({ type: 'SMS', body: '봄 신상 20% 할인', isAd: true, optOut080: '0807196700', catalog: CATALOG }).bytes);
    const bad = guardVariant({ body: '%이름%님 봄 신상 30% 할인, 무료배송 %등급% %쿠폰코드%' }, guardCtx());
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.join('\n')).toContain('%등급%');
      expect(bad.problems.join('\n')).toContain('%쿠폰코드%');
      expect(bad.problems.join('\n')).toContain('30');
      expect(bad.problems.join('\n')).toContain('무료');
    }
    const long = guardVariant({ body: '%이름%님 '.repeat(8) }, guardCtx());
    expect(long.ok).toBe(false);
  });
});
