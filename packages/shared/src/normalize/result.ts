/**
 * Every normaliser answers the same way: a value (`null` when the input was empty — an empty cell,
 * `''`, whitespace, `null`/`undefined`), or a Korean reason the value could not be read. Callers
 * decide what a failure means (a failed row, a warning, a 400).
 */
export type NormResult<T> = { ok: true; value: T | null } | { ok: false; reason: string };

export const ok = <T>(value: T | null): NormResult<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): NormResult<T> => ({ ok: false, reason });
export const EMPTY: NormResult<never> = { ok: true, value: null };

/** Trimmed text of a cell; null when empty. Numbers become their decimal text; other types null. */
export function cellText(input: unknown): string | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'string') {
    const t = input.replace(/^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000\ufeff]+$/g, '');
    return t === '' ? null : t;
  }
  if (typeof input === 'number') return Number.isFinite(input) ? String(input) : null;
  if (typeof input === 'bigint') return input.toString();
  if (typeof input === 'boolean') return input ? 'true' : 'false';
  return null;
}

/** Shown in reasons: the offending value, shortened. */
export function show(input: unknown): string {
  const s = typeof input === 'string' ? input : input instanceof Date ? input.toISOString() : JSON.stringify(input) ?? String(input);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Lower-case key with spaces, underscores, hyphens and dots removed — for dictionary lookups. */
export function lookupKey(s: string): string {
  return s.toLowerCase().replace(/[\s\u00a0\u3000_\-.·()[\]/]/g, '');
}
