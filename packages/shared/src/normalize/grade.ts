import { cellText, EMPTY, lookupKey, ok, type NormResult } from './result.js';

const GRADES: Record<string, string> = {};
for (const k of ['vip', 'v', 'vip고객', 'vip회원', '브이아이피']) GRADES[k] = 'VIP';
for (const k of ['vvip', 'vvip고객', 'vvip회원']) GRADES[k] = 'VVIP';
for (const k of ['골드', 'gold', 'g', '골드고객', '골드회원']) GRADES[k] = '골드';
for (const k of ['실버', 'silver', 's', '실버고객', '실버회원']) GRADES[k] = '실버';
for (const k of ['일반', 'normal', '일반고객', '일반회원', 'general', 'basic']) GRADES[k] = '일반';

/**
 * Known spellings of the usual grades become one label (VIP, 골드, 실버, 일반); a company's own
 * grade names are kept as written (trimmed) — grades are not a closed list.
 */
export function normalizeGrade(input: unknown): NormResult<string> {
  const text = cellText(input);
  if (text === null) return EMPTY;
  return ok(GRADES[lookupKey(text)] ?? text);
}
