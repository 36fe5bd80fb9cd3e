import { cellText, EMPTY, fail, lookupKey, ok, show, type NormResult } from './result.js';

export type Gender = 'M' | 'F';

const GENDERS: Record<string, Gender> = {};
for (const k of ['남', '남자', '남성', 'm', 'male', 'man', '1']) GENDERS[k] = 'M';
for (const k of ['여', '여자', '여성', 'f', 'female', 'woman', '2']) GENDERS[k] = 'F';

/** 남/남자/남성/M/male/1 → 'M'; 여/여자/여성/F/female/2 → 'F'; anything else is reported. */
export function normalizeGender(input: unknown): NormResult<Gender> {
  const text = cellText(input);
  if (text === null) return EMPTY;
  const g = GENDERS[lookupKey(text)];
  return g ? ok(g) : fail(`성별 값을 알 수 없습니다: ${show(input)}`);
}
