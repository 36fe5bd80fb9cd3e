/**
 * CSV for people who open it in Excel: UTF-8 with a BOM (so Hangul is not mojibake), CRLF, RFC 4180
 * quoting. A text cell starting with = + - @ (or tab/CR) would run as a formula (CSV injection):
 * it gets a leading apostrophe, which Excel shows as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const lines = [headers, ...rows].map((row) => row.map(csvField).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
