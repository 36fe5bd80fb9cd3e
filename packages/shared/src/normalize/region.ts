import { cellText, EMPTY, fail, lookupKey, ok, show, type NormResult } from './result.js';

/** The 17 first-level divisions (시·도) by their short name, with the spellings seen in files. */
const PROVINCES: Record<string, readonly string[]> = {
  서울: ['서울특별시', '서울시', '서울', 'seoul'],
  부산: ['부산광역시', '부산시', '부산', 'busan'],
  대구: ['대구광역시', '대구시', '대구', 'daegu'],
  인천: ['인천광역시', '인천시', '인천', 'incheon'],
  광주: ['광주광역시', '광주시', '광주', 'gwangju'],
  대전: ['대전광역시', '대전시', '대전', 'daejeon'],
  울산: ['울산광역시', '울산시', '울산', 'ulsan'],
  세종: ['세종특별자치시', '세종시', '세종', 'sejong'],
  경기: ['경기도', '경기', 'gyeonggi', 'gyeonggido'],
  강원: ['강원도', '강원특별자치도', '강원', 'gangwon', 'gangwondo'],
  충북: ['충청북도', '충북', 'chungbuk', 'chungcheongbukdo'],
  충남: ['충청남도', '충남', 'chungnam', 'chungcheongnamdo'],
  전북: ['전라북도', '전북특별자치도', '전북', 'jeonbuk', 'jeollabukdo'],
  전남: ['전라남도', '전남', 'jeonnam', 'jeollanamdo'],
  경북: ['경상북도', '경북', 'gyeongbuk', 'gyeongsangbukdo'],
  경남: ['경상남도', '경남', 'gyeongnam', 'gyeongsangnamdo'],
  제주: ['제주특별자치도', '제주도', '제주', 'jeju', 'jejudo'],
};

export const REGIONS = Object.keys(PROVINCES) as readonly string[];

const BY_SPELLING = new Map<string, string>();
for (const [short, spellings] of Object.entries(PROVINCES)) {
  for (const s of spellings) BY_SPELLING.set(lookupKey(s), short);
}

/**
 * A province's short name (서울, 경기, … 제주) from its full or short name, an English name, or the
 * start of a full address ("서울특별시 강남구 테헤란로 1" → 서울). Unknown text is reported.
 * Note 광주광역시 (광주) vs 경기도 광주시: an address "광주시 …" is read as 광주광역시 — files
 * that mean the 경기 city write "경기도 광주시".
 */
export function normalizeRegion(input: unknown): NormResult<string> {
  const text = cellText(input);
  if (text === null) return EMPTY;
  const whole = BY_SPELLING.get(lookupKey(text));
  if (whole) return ok(whole);
  const first = text.split(/[\s,]+/)[0] ?? '';
  const fromAddress = BY_SPELLING.get(lookupKey(first));
  return fromAddress ? ok(fromAddress) : fail(`지역(시·도)을 알 수 없습니다: ${show(input)}`);
}
