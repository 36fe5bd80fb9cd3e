import { cellText, EMPTY, fail, ok, show, type NormResult } from './result.js';

/**
 * Consent spellings of KOREAN-MESSAGING-RULES §3, exactly (case as listed; surrounding spaces
 * ignored). Anything else is NOT consent and is reported — never read as "yes" (LESSONS 8).
 */
export const CONSENT_YES: readonly string[] = ['Y', 'y', '예', '동의', '수신동의', '1', 'O', 'o', 'true', 'TRUE', 'T'];
export const CONSENT_NO: readonly string[] = [
  'N', 'n', '아니오', '거부', '수신거부', '비동의', '불동의', '미동의', '거절', '해지', '철회', '0', 'X', 'x', 'false', 'FALSE', 'F',
];
const YES = new Set(CONSENT_YES);
const NO = new Set(CONSENT_NO);

export const UNKNOWN_CONSENT_REASON = '수신동의 값을 알 수 없습니다';

export function normalizeConsent(input: unknown): NormResult<boolean> {
  if (typeof input === 'boolean') return ok(input);
  const text = cellText(input);
  if (text === null) return EMPTY;
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`${UNKNOWN_CONSENT_REASON}: ${show(input)}`);
}
