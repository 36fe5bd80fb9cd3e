import { describe, expect, it } from 'vitest';
import { formatKst, isPlainDate, kstDate, kstDayRange, kstMidnight, kstMonthRange, kstParts } from './time.js';

describe('KST helpers', () => {
  it('finds the KST date across the UTC day edge', () => {
    expect(kstDate(new Date('2026-11-29T14:59:59Z'))).toBe('2026-11-29');
    expect(kstDate(new Date('2026-11-29T15:00:00Z'))).toBe('2026-11-30');
  });

  it('gives KST wall-clock hours at the ad-window edges', () => {
    expect(kstParts(new Date('2026-11-29T11:59:00Z'))).toEqual({ date: '2026-11-29', hour: 20, minute: 59 });
    expect(kstParts(new Date('2026-11-29T12:00:00Z')).hour).toBe(21);
    expect(kstParts(new Date('2026-11-29T22:59:00Z'))).toEqual({ date: '2026-11-30', hour: 7, minute: 59 });
    expect(kstParts(new Date('2026-11-29T23:00:00Z')).hour).toBe(8);
  });

  it('builds half-open day ranges that include 00:00-09:00 KST', () => {
    const { from, to } = kstDayRange('2026-12-01');
    expect(from.toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(kstDayRange('2026-12-01', '2026-12-31').to.toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(() => kstDayRange('2026-12-02', '2026-12-01')).toThrow();
  });

  it('builds month ranges at month and year ends', () => {
    const r = kstMonthRange(new Date('2026-12-31T15:30:00Z')); // 2027-01-01 00:30 KST
    expect(r.from.toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(r.to.toISOString()).toBe('2027-01-31T15:00:00.000Z');
  });

  it('validates plain dates strictly', () => {
    expect(isPlainDate('2026-02-29')).toBe(false);
    expect(isPlainDate('2028-02-29')).toBe(true);
    expect(isPlainDate('2026-13-01')).toBe(false);
    expect(() => kstMidnight('2026-1-1')).toThrow();
    expect(formatKst(new Date('2026-11-29T15:05:00Z'))).toBe('2026-11-30 00:05');
  });
});
