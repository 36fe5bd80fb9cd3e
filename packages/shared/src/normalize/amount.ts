import { cellText, EMPTY, fail, ok, show, type NormResult } from './result.js';

// Beyond numeric(14,2) of the amount columns; a value this large is a wrong column, not money.
const MAX_ABS = 1e12;

/**
 * Money and counts as written in files: `₩1,000원`, `1,000`, `1000.50`, `KRW 1000`, `(1,000)`
 * (accounting negative) → number. A lone `-` is Excel's accounting format for zero → 0.
 * Anything else (`abc`, `1.000.000`) is reported.
 */
export function normalizeAmount(input: unknown): NormResult<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || Math.abs(input) >= MAX_ABS) return fail(`금액이 올바르지 않습니다: ${show(input)}`);
    return ok(input);
  }
  const text = cellText(input);
  if (text === null) return EMPTY;
  let s = text.replace(/[\s\u00a0₩￦$,]|원|krw/gi, '');
  if (s === '-' || s === '−') return ok(0);
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1] ?? '';
  }
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return fail(`금액을 숫자로 읽을 수 없습니다: ${show(input)}`);
  const n = Number(s) * (negative ? -1 : 1);
  if (!Number.isFinite(n) || Math.abs(n) >= MAX_ABS) return fail(`금액이 너무 큽니다: ${show(input)}`);
  return ok(n === 0 ? 0 : n);
}

/** A whole number (points, counts): like an amount, rounded half away from zero. */
export function normalizeInteger(input: unknown): NormResult<number> {
  const r = normalizeAmount(input);
  if (!r.ok || r.value === null) return r;
  const n = Math.sign(r.value) * Math.round(Math.abs(r.value));
  if (Math.abs(n) > 2_147_483_647) return fail(`숫자가 너무 큽니다: ${show(input)}`);
  return ok(n === 0 ? 0 : n);
}
