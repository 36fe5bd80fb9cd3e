/** Numbers as Korean prompts write them: `50만원`, `1,000,000원`, `5천원`, `3개월`, `한 달`. */

const NATIVE: Readonly<Record<string, number>> = { 한: 1, 두: 2, 세: 3, 석: 3, 네: 4, 넉: 4, 다섯: 5, 여섯: 6, 일곱: 7, 여덟: 8, 아홉: 9, 열: 10 };
const UNITS: Readonly<Record<string, number>> = { 억: 100_000_000, 천만: 10_000_000, 백만: 1_000_000, 만: 10_000, 천: 1_000 };

/** `50` + `만` → 500000; `1,000,000` → 1000000. */
export function wonAmount(digits: string, unit: string | undefined): number {
  const n = Number(digits.replace(/,/g, ''));
  return unit ? n * (UNITS[unit] ?? 1) : n;
}

/** A count written in digits or as a native Korean numeral (한, 두, 석 …). */
export function countOf(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return NATIVE[text] ?? null;
}

/** `3개월` → 90, `2주` → 14, `1년` → 365 (a month counts as 30 days, as the filter UI does). */
export function daysOf(count: number, unit: string): number {
  if (unit === '개월' || unit === '달') return count * 30;
  if (unit === '주') return count * 7;
  if (unit === '년') return count * 365;
  return count;
}

/** Pattern pieces shared by the parsers (no capture groups inside). */
export const COUNT_RE = String.raw`\d+|한|두|세|석|네|넉|다섯|여섯|일곱|여덟|아홉|열`;

/** Every number a text states, normalised: `50만원` gives `50` and `500000`; `1,000` gives `1000`. */
export function statedNumbers(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*(억|천만|백만|만|천)?/g)) {
    const digits = (m[1] ?? '').replace(/,/g, '');
    out.add(digits);
    if (m[2]) out.add(String(wonAmount(digits, m[2])));
  }
  return out;
}
