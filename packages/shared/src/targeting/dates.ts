import { isPlainDate } from '../time.js';

/**
 * Plain-date arithmetic for the filter language, on `YYYY-MM-DD` strings relative to the KST
 * "today" that `time.ts` gives (`kstDate(now)`). No Date is built from a plain date in a local zone.
 */

function parts(date: string): [number, number, number] {
  if (!isPlainDate(date)) throw new RangeError(`not a date: ${date}`);
  return date.split('-').map(Number) as [number, number, number];
}
const fmt = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function plainDateAddDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same day `years` earlier; Feb 29 becomes Feb 28 in a common year. */
export function plainDateMinusYears(date: string, years: number): string {
  const [y, m, d] = parts(date);
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return fmt(year, m, Math.min(d, lastDay));
}

/**
 * Birth-date bounds for an age range in full years (만 나이) on `today`: a person is at least `n`
 * once `today − n years` has been reached (born Feb 29 → counts from Mar 1 in common years, as
 * PostgreSQL's `age()` does). `latest` is inclusive, `earliestExclusive` exclusive.
 */
export function ageBirthDateBounds(today: string, minAge: number | null, maxAge: number | null): {
  latest: string | null;
  earliestExclusive: string | null;
} {
  return {
    latest: minAge === null ? null : plainDateMinusYears(today, minAge),
    earliestExclusive: maxAge === null ? null : plainDateMinusYears(today, maxAge + 1),
  };
}

/**
 * The first day counted by "within the last `days` days": `today − days`, today included — the
 * same window as the customer DB's "recent purchase within N days" filter. `days_not_within` is
 * its exact complement (before that day, or no date at all).
 */
export function withinDaysStart(today: string, days: number): string {
  return plainDateAddDays(today, -days);
}

/** The month (1–12) of a plain date. */
export function plainDateMonth(date: string): number {
  return parts(date)[1];
}
