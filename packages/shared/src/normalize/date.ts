import { isPlainDate, kstDate } from '../time.js';
import { cellText, EMPTY, fail, ok, show, type NormResult } from './result.js';

export interface DateOptions {
  /** KST "today" as YYYY-MM-DD: the pivot of two-digit years (defaults to the real today). */
  today?: string;
}

const DAY_MS = 86_400_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

const pad = (n: number) => String(n).padStart(2, '0');

function plain(y: number, m: number, d: number, input: unknown): NormResult<string> {
  const s = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  if (!isPlainDate(s)) return fail(`존재하지 않는 날짜입니다: ${show(input)}`);
  if (y < MIN_YEAR || y > MAX_YEAR) return fail(`날짜의 연도가 범위(${MIN_YEAR}~${MAX_YEAR})를 벗어났습니다: ${show(input)}`);
  return ok(s);
}

/** Date.UTC arithmetic only: the calendar date of a UTC-midnight epoch value. */
function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Excel's 1900 date system: serial 1 = 1900-01-01, and Excel counts a 1900-02-29 that never
 * existed (serial 60, a Lotus 1-2-3 bug), so serials from 61 on are one day ahead. Serial 60 is
 * refused. A fraction is the time of day and is dropped.
 */
export function excelSerialToDate(serial: number, input: unknown = serial): NormResult<string> {
  const n = Math.floor(serial);
  if (!Number.isFinite(serial) || n < 1 || n > 2_958_465) return fail(`엑셀 날짜 숫자가 범위를 벗어났습니다: ${show(input)}`);
  if (n === 60) return fail(`존재하지 않는 날짜입니다(엑셀 1900-02-29): ${show(input)}`);
  const base = n < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const s = fromUtcMs(base + n * DAY_MS);
  return plain(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)), input);
}

/**
 * Two-digit years: YY ≤ this year's YY → 20YY, else 19YY (so in 2026, `26` → 2026 and `27` → 1927).
 * Right for birthdays and past purchases, the only dates files carry; documented in the upload UI.
 */
function pivotYear(yy: number, today: string): number {
  const current = Number(today.slice(2, 4));
  return yy <= current ? 2000 + yy : 1900 + yy;
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const SEPARATED = /^(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\s*\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const SEPARATED_YY = /^(\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\s*\.?$/;
const KOREAN = /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/;

function fromIsoDateTime(m: RegExpExecArray, input: unknown): NormResult<string> {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const zone = m[7];
  const checked = plain(y, mo, d, input);
  if (!checked.ok || !zone) return checked; // no zone: the wall-clock date as written
  // With a zone it is an instant: its KST calendar date (an agent in Seoul serialises a DATE
  // column 2025-12-17 as 2025-12-16T15:00:00.000Z).
  const sign = zone.toUpperCase() === 'Z' ? 0 : zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(/[^0-9]/g, '');
  const offsetMin = sign === 0 ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  const instant = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
  const k = kstDate(new Date(instant));
  return plain(Number(k.slice(0, 4)), Number(k.slice(5, 7)), Number(k.slice(8, 10)), input);
}

function fromDigits(digits: string, input: unknown, today: string): NormResult<string> {
  if (digits.length === 8) return plain(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)), input);
  if (digits.length === 6) {
    return plain(pivotYear(Number(digits.slice(0, 2)), today), Number(digits.slice(2, 4)), Number(digits.slice(4, 6)), input);
  }
  if (digits.length <= 5) return excelSerialToDate(Number(digits), input);
  return fail(`날짜 형식을 알 수 없습니다: ${show(input)}`);
}

/**
 * Any date a file or a POS database writes → `YYYY-MM-DD`, computed from its digits, never via
 * `new Date('YYYY-MM-DD')` (which would read it as UTC and shift it in KST — LESSONS 25).
 * Accepted: Excel serials (numbers or numeric text ≤ 5 digits, fraction = time, dropped),
 * YYYYMMDD, YYMMDD, YYYY.MM.DD / YYYY/MM/DD / YYYY-MM-DD (1- or 2-digit month/day, trailing dot,
 * spaces: "2025. 12. 17."), YY.MM.DD, "2025년 12월 17일", ISO datetimes, and Date objects
 * (spreadsheet readers give dates as UTC midnight: their UTC calendar date is used).
 */
export function normalizeDate(input: unknown, opts: DateOptions = {}): NormResult<string> {
  const today = opts.today ?? kstDate(new Date());
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return fail('날짜가 올바르지 않습니다.');
    return plain(input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate(), input);
  }
  if (typeof input === 'number') {
    if (Number.isInteger(input) && input >= 100_000) return fromDigits(String(input), input, today);
    return excelSerialToDate(input, input);
  }
  const text = cellText(input);
  if (text === null) return EMPTY;
  if (/^\d+$/.test(text)) return fromDigits(text, input, today);
  if (/^\d{1,5}\.\d+$/.test(text)) return excelSerialToDate(Number(text), input);
  const iso = ISO_DATETIME.exec(text);
  if (iso) return fromIsoDateTime(iso, input);
  const m = SEPARATED.exec(text) ?? KOREAN.exec(text);
  if (m) return plain(Number(m[1]), Number(m[2]), Number(m[3]), input);
  const yy = SEPARATED_YY.exec(text);
  if (yy) return plain(pivotYear(Number(yy[1]), today), Number(yy[2]), Number(yy[3]), input);
  return fail(`날짜 형식을 알 수 없습니다: ${show(input)}`);
}
