import { kstDate } from '../time.js';
import { normalizeDate, type DateOptions } from './date.js';
import { cellText, EMPTY, fail, ok, show, type NormResult } from './result.js';

export interface Birth {
  /** The full date when the input had one. */
  birth_date: string | null;
  birth_year: number | null;
  /** `MM-DD`, the key of birthday campaigns. */
  birth_month_day: string | null;
}

const MONTH_DAY = /^(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\.?$/;

function monthDay(m: number, d: number): string | null {
  // 2000 is a leap year, so 02-29 is accepted
  const t = new Date(Date.UTC(2000, m - 1, d));
  if (m < 1 || m > 12 || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A birthday cell → date, year and month-day. Besides every full-date form of `normalizeDate`, a
 * 4-digit year alone (`1985`) gives only the year and `12-17` / `1217` / `12월 17일` only the
 * month-day. A full date in the future is refused.
 */
export function normalizeBirth(input: unknown, opts: DateOptions = {}): NormResult<Birth> {
  const text = input instanceof Date ? null : cellText(input);
  if (text === null && !(input instanceof Date)) return EMPTY;
  if (text !== null) {
    if (/^(19|20)\d{2}$/.test(text)) return ok({ birth_date: null, birth_year: Number(text), birth_month_day: null });
    const md = MONTH_DAY.exec(text) ?? (/^\d{4}$/.test(text) ? /^(\d{2})(\d{2})$/.exec(text) : null);
    if (md) {
      const v = monthDay(Number(md[1]), Number(md[2]));
      return v ? ok({ birth_date: null, birth_year: null, birth_month_day: v }) : fail(`생일 날짜가 올바르지 않습니다: ${show(input)}`);
    }
  }
  const today = opts.today ?? kstDate(new Date());
  const date = normalizeDate(input, { today });
  if (!date.ok) return fail(`생년월일을 읽을 수 없습니다: ${show(input)}`);
  if (date.value === null) return EMPTY;
  if (date.value > today) return fail(`생년월일이 미래입니다: ${show(input)}`);
  return ok({ birth_date: date.value, birth_year: Number(date.value.slice(0, 4)), birth_month_day: date.value.slice(5) });
}
