import { describe, expect, it } from 'vitest';
import { normalizeBirth } from './birth.js';
import { excelSerialToDate, normalizeDate } from './date.js';

const today = '2026-11-29';

describe('normalizeDate', () => {
  it.each([
    // Excel 1900 system incl. the phantom 1900-02-29
    [1, '1900-01-01'], [59, '1900-02-28'], [61, '1900-03-01'], [25569, '1970-01-01'], [45000, '2023-03-15'],
    [46008, '2025-12-17'], [46008.75, '2025-12-17'], ['46008', '2025-12-17'], ['46008.5', '2025-12-17'],
    ['20251217', '2025-12-17'], [20251217, '2025-12-17'], ['19851203', '1985-12-03'],
    ['251217', '2025-12-17'], ['261129', '2026-11-29'], ['271129', '1927-11-29'], ['850312', '1985-03-12'], [850312, '1985-03-12'],
    ['2025.12.17', '2025-12-17'], ['2025/12/17', '2025-12-17'], ['2025. 12. 17.', '2025-12-17'], ['2025. 1. 7.', '2025-01-07'],
    ['2025-12-17', '2025-12-17'], ['2025-1-7', '2025-01-07'], ['2025년 12월 17일', '2025-12-17'], ['85.03.12', '1985-03-12'],
    ['2025.12.17 13:45', '2025-12-17'],
    ['2025-12-17T00:00:00', '2025-12-17'], ['2025-12-17 23:59:59.000', '2025-12-17'],
    // instants: their KST date (a KST-midnight DATE serialised by an agent as UTC)
    ['2025-12-16T15:00:00.000Z', '2025-12-17'], ['2025-12-17T14:59:59Z', '2025-12-17'], ['2025-12-17T15:00:00Z', '2025-12-18'],
    ['2025-12-17T00:30:00+09:00', '2025-12-17'],
    [new Date(Date.UTC(2025, 11, 17)), '2025-12-17'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeDate(input, { today })).toEqual({ ok: true, value: expected });
  });
  it.each(['2025-02-29', '2025.13.01', '20250230', '2025-04-31', 60, '60', 0, -5, 'abc', '12/17/2025', '2025121', '1800-01-01', new Date('x')])(
    'reports %s',
    (input) => expect(normalizeDate(input, { today }).ok).toBe(false),
  );
  it.each(['', '   ', null, undefined])('empty %s → null', (input) => expect(normalizeDate(input)).toEqual({ ok: true, value: null }));
  it('refuses the non-existent 1900-02-29 (serial 60)', () => {
    const r = excelSerialToDate(60);
    expect(r.ok).toBe(false);
  });
  it('never shifts a plain date, whatever the process time zone', () => {
    // the pre-fix bug: new Date('1990-01-01') in KST → 1989-12-31 after toLocal… conversions
    expect(normalizeDate('1990-01-01')).toEqual({ ok: true, value: '1990-01-01' });
    expect(normalizeDate('19900101')).toEqual({ ok: true, value: '1990-01-01' });
  });
});

describe('normalizeBirth', () => {
  it.each([
    ['1985-03-12', { birth_date: '1985-03-12', birth_year: 1985, birth_month_day: '03-12' }],
    ['850312', { birth_date: '1985-03-12', birth_year: 1985, birth_month_day: '03-12' }],
    ['1985. 3. 12.', { birth_date: '1985-03-12', birth_year: 1985, birth_month_day: '03-12' }],
    [31118, { birth_date: '1985-03-12', birth_year: 1985, birth_month_day: '03-12' }],
    ['1985', { birth_date: null, birth_year: 1985, birth_month_day: null }],
    ['12-17', { birth_date: null, birth_year: null, birth_month_day: '12-17' }],
    ['1217', { birth_date: null, birth_year: null, birth_month_day: '12-17' }],
    ['2월 29일', { birth_date: null, birth_year: null, birth_month_day: '02-29' }],
  ])('%s', (input, expected) => {
    expect(normalizeBirth(input, { today })).toEqual({ ok: true, value: expected });
  });
  it.each(['13-01', '2027-01-01', 'abc', '02-30'])('reports %s', (input) => expect(normalizeBirth(input, { today }).ok).toBe(false));
});
