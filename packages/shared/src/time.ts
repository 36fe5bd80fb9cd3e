/**
 * KST (Asia/Seoul, UTC+9, no daylight saving) helpers — the one owner of "today", day and month
 * ranges. Plain dates are `YYYY-MM-DD` strings end to end; they are never parsed into a Date.
 */

export const KST_OFFSET_MS = 9 * 3600_000;
const PLAIN_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isPlainDate(s: string): boolean {
  const m = PLAIN_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The KST calendar date of an instant. */
export function kstDate(instant: Date): string {
  return new Date(instant.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** KST wall-clock parts of an instant (hour 0–23). */
export function kstParts(instant: Date): { date: string; hour: number; minute: number } {
  const shifted = new Date(instant.getTime() + KST_OFFSET_MS);
  return { date: shifted.toISOString().slice(0, 10), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

/** The instant of 00:00 KST on a plain date. */
export function kstMidnight(date: string): Date {
  if (!isPlainDate(date)) throw new RangeError(`not a date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - KST_OFFSET_MS);
}

/** Half-open instant range [from, to) covering KST days `fromDate` … `toDate` inclusive. */
export function kstDayRange(fromDate: string, toDate: string = fromDate): { from: Date; to: Date } {
  const from = kstMidnight(fromDate);
  const to = new Date(kstMidnight(toDate).getTime() + 24 * 3600_000);
  if (to <= from) throw new RangeError('range ends before it starts');
  return { from, to };
}

/** Half-open range of the KST month containing `instant`. */
export function kstMonthRange(instant: Date): { from: Date; to: Date } {
  const [y, m] = kstDate(instant).split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - KST_OFFSET_MS);
  const to = new Date(Date.UTC(y, m, 1) - KST_OFFSET_MS);
  return { from, to };
}

/** Formats an instant as `YYYY-MM-DD HH:mm` in KST (for people). */
export function formatKst(instant: Date): string {
  return new Date(instant.getTime() + KST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
