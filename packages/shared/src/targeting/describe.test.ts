import { describe, expect, it } from 'vitest';
import { describeFilter } from './describe.js';
import { TargetFilter } from './filter.js';
import { ageBirthDateBounds, plainDateAddDays, plainDateMinusYears, plainDateMonth, withinDaysStart } from './dates.js';

describe('describeFilter', () => {
  it('describes a typical segment in Korean', () => {
    const filter = TargetFilter.parse({
      op: 'and',
      conditions: [
        { field: 'gender', operator: 'eq', value: 'F' },
        { field: 'age', operator: 'age_band', value: { from: 30, to: 39 } },
        { field: 'grade', operator: 'in', value: ['VIP', 'VVIP'] },
        { field: 'recent_purchase_date', operator: 'days_not_within', value: 180 },
        { op: 'or', conditions: [{ field: 'points', operator: 'gte', value: 10000 }, { field: 'custom_1', operator: 'eq', value: true }] },
      ],
    });
    expect(describeFilter(filter, new Map([['custom_1', '골프회원']]))).toBe(
      '성별: 여성 그리고 나이: 30~39세 그리고 등급: VIP, VVIP 중 하나 그리고 최근구매일: 최근 180일 이내 없음 (기록 없음 포함)' +
        ' 그리고 (포인트: 10,000 이상 또는 골프회원: 예)',
    );
  });

  it('says "전체 고객" for all and names unlabeled custom fields', () => {
    expect(describeFilter({ all: true })).toBe('전체 고객');
    expect(describeFilter({ op: 'or', conditions: [{ field: 'custom_7', operator: 'contains', value: '골프' }, { field: 'birth_month', operator: 'birthday_month', value: 'this_month' }] }))
      .toBe("사용자 정의 7: '골프' 포함 또는 생일 월: 이번 달");
  });
});

describe('filter date arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(plainDateAddDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(plainDateAddDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(withinDaysStart('2026-11-30', 1)).toBe('2026-11-29');
    expect(withinDaysStart('2026-03-01', 30)).toBe('2026-01-30');
  });

  it('counts full years like PostgreSQL age(), Feb 29 included', () => {
    expect(plainDateMinusYears('2025-02-28', 25)).toBe('2000-02-28');
    expect(plainDateMinusYears('2024-02-29', 1)).toBe('2023-02-28');
    // 30~39세 on 2026-06-15: born after 1986-06-15 and on/before 1996-06-15
    expect(ageBirthDateBounds('2026-06-15', 30, 39)).toEqual({ latest: '1996-06-15', earliestExclusive: '1986-06-15' });
    expect(plainDateMonth('2026-03-01')).toBe(3);
    expect(() => plainDateAddDays('2026-02-30', 1)).toThrow();
  });
});
