import {
  REGIONS,
  describeFilter,
  normalizeRegion,
  plainDateAddDays,
  plainDateMonth,
  type FilterCondition,
  type FilterGroup,
  type TargetFilter,
} from '@hanjullo/shared';
import { COUNT_RE, countOf, daysOf, wonAmount } from './korean-numbers.js';

/**
 * The offline engine's Korean rule parser: one sentence → a filter over the company's own values.
 * Each rule consumes the words it understood (blanked out of `rest`), so the copy writer sees
 * only the message topic and no rule reads the same words twice.
 *
 * Decisions (documented for marketers in the reasoning text):
 * - `우수고객/우수회원` = the company's premium grades: those ranked 골드 or above (demo: VIP, 골드);
 * - `N대` is the 만-age band N..N+9; `30~40대` is 30..49; `50대 이상` is age ≥ 50;
 * - months are 30 days (`최근 3개월 구매` → within 90 days, `6개월 미구매` → not within 180);
 * - `휴면` = no purchase within 365 days; `신규 고객` = registered within 30 days;
 * - `MZ` = 20..39; `2030`, `4050` … = the two decades.
 */
export interface TargetVocabulary {
  /** KST "today" (`kstDate(now)`). */
  today: string;
  grades: readonly string[];
  regions: readonly string[];
  stores: ReadonlyArray<{ code: string; name: string | null }>;
}

export interface ParsedTarget {
  filter: TargetFilter;
  /** What each understood phrase became, e.g. `'30대' → 나이 30~39세`. */
  matches: Array<{ text: string; meaning: string }>;
  /** The prompt with every understood targeting phrase blanked out. */
  rest: string;
}

/** Grade names from the top down; a company's grades outside this list never join a "… 이상". */
const GRADE_RANK = ['vvip', 'vip', '다이아몬드', '다이아', 'diamond', '플래티넘', 'platinum', '골드', 'gold', '실버', 'silver', '브론즈', 'bronze', '일반', 'basic', 'normal', 'family', '패밀리', '웰컴', 'welcome'];
const PREMIUM_LAST = GRADE_RANK.indexOf('gold');
const rankOf = (grade: string) => GRADE_RANK.indexOf(grade.toLowerCase());

class Parse {
  work: string;
  readonly conditions: Array<FilterCondition | FilterGroup> = [];
  readonly matches: Array<{ text: string; meaning: string }> = [];
  constructor(prompt: string, readonly vocab: TargetVocabulary) {
    this.work = prompt.normalize('NFC').replace(/[～〜]/g, '~').replace(/[–—]/g, '-').replace(/\s+/g, ' ');
  }

  /** Runs `re` over the remaining text; `fn` returns true when it used the match, which is then blanked. */
  take(re: RegExp, fn: (m: RegExpExecArray) => boolean): void {
    const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
    this.work = this.work.replace(new RegExp(re.source, flags), (...args: unknown[]) => {
      const whole = String(args[0]);
      const groups = args.slice(0, -2) as string[];
      const m = Object.assign(groups, { index: Number(args[args.length - 2]), input: this.work }) as unknown as RegExpExecArray;
      return fn(m) ? ' '.repeat(whole.length) : whole;
    });
  }

  add(condition: FilterCondition, text: string): true {
    this.conditions.push(condition);
    this.matches.push({ text: text.trim(), meaning: describeFilter({ op: 'and', conditions: [condition] }) });
    return true;
  }
}

function parseGender(p: Parse): void {
  const female = /(여성|여자|여성분|女)/.test(p.work);
  const male = /(남성|남자|남성분|男)/.test(p.work);
  if (/남녀|남여|성별\s*무관/.test(p.work) || female === male) return;
  p.take(female ? /(여성분|여성|여자|女)/ : /(남성분|남성|남자|男)/, (m) => (p.conditions.some((c) => 'field' in c && c.field === 'gender') ? true : p.add({ field: 'gender', operator: 'eq', value: female ? 'F' : 'M' }, m[0])));
}

function band(p: Parse, from: number, to: number, text: string): boolean {
  if (from > to || to > 150) return false;
  return p.add({ field: 'age', operator: 'age_band', value: { from, to } }, text);
}

function parseAge(p: Parse): void {
  p.take(/MZ\s*세대|MZ/i, (m) => band(p, 20, 39, m[0]));
  p.take(/(?<!\d)([1-9]0)([1-9]0)(?=\s*(?:세대|고객|여성|남성|$|\s))/, (m) => Number(m[2]) === Number(m[1]) + 10 && band(p, Number(m[1]), Number(m[2]) + 9, m[0]));
  p.take(/(?<!\d)(\d{1,2})\s*(?:대|세)?\s*[~-]\s*(\d{1,2})\s*대/, (m) => band(p, Number(m[1]), Number(m[2]) + 9, m[0]));
  p.take(/(?<!\d)(\d{1,3})\s*(?:세|살)\s*[~-]\s*(\d{1,3})\s*(?:세|살)/, (m) => band(p, Number(m[1]), Number(m[2]), m[0]));
  p.take(/(?<!\d)([1-9]0)\s*대\s*(초반|중반|후반)/, (m) => {
    const d = Number(m[1]);
    const [a, b] = m[2] === '초반' ? [0, 3] : m[2] === '중반' ? [4, 6] : [7, 9];
    return band(p, d + a, d + b, m[0]);
  });
  p.take(/(?<!\d)([1-9]0)\s*대\s*(이상|부터|넘는|넘은)/, (m) => p.add({ field: 'age', operator: 'gte', value: Number(m[1]) }, m[0]));
  p.take(/(?<!\d)([1-9]0)\s*대\s*(이하|까지)/, (m) => p.add({ field: 'age', operator: 'lte', value: Number(m[1]) + 9 }, m[0]));
  p.take(/(?<!\d)(\d{1,3})\s*(?:세|살)\s*(이상|부터|초과|이하|까지|미만)/, (m) => {
    const n = Number(m[1]);
    const op = m[2] ?? '';
    if (op === '초과') return p.add({ field: 'age', operator: 'gte', value: n + 1 }, m[0]);
    if (op === '미만') return p.add({ field: 'age', operator: 'lte', value: n - 1 }, m[0]);
    return p.add({ field: 'age', operator: op === '이하' || op === '까지' ? 'lte' : 'gte', value: n }, m[0]);
  });
  // "20대", "20대와 30대", "20·30대": the decades named, as one band when they touch
  const decades: number[] = [];
  const texts: string[] = [];
  p.take(/(?<!\d)([1-9]0)(?:\s*대)?(?=\s*(?:[,·/]|와|과|및|그리고|이나|또는)\s*[1-9]0\s*대)|(?<!\d)([1-9]0)\s*대/, (m) => {
    decades.push(Number(m[1] ?? m[2]));
    texts.push(m[0]);
    return true;
  });
  if (decades.length === 0) return;
  const sorted = [...new Set(decades)].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 10);
  if (contiguous) {
    band(p, sorted[0] ?? 0, (sorted[sorted.length - 1] ?? 0) + 9, texts.join(', '));
    return;
  }
  // "20대와 40대": not one band (that would take in the 30s) — either band, as an OR group
  const group: FilterGroup = { op: 'or', conditions: sorted.map((d) => ({ field: 'age', operator: 'age_band', value: { from: d, to: d + 9 } })) };
  p.conditions.push(group);
  p.matches.push({ text: texts.join(', '), meaning: describeFilter({ op: 'and', conditions: [group] }) });
}

function parseGrade(p: Parse): void {
  const grades = [...p.vocab.grades].sort((a, b) => b.length - a.length);
  const picked: string[] = [];
  const texts: string[] = [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  p.take(/(우수|VIP급|충성)\s*(고객|회원)/i, (m) => {
    const premium = grades.filter((g) => rankOf(g) >= 0 && rankOf(g) <= PREMIUM_LAST);
    if (premium.length === 0) return false;
    picked.push(...premium);
    texts.push(m[0]);
    return true;
  });
  for (const grade of grades) {
    const re = new RegExp(`(?<![A-Za-z])${escape(grade)}(?![A-Za-z])(\\s*(?:등급|회원)?\\s*(이상|이하))?`, 'i');
    p.take(re, (m) => {
      const dir = m[2];
      const r = rankOf(grade);
      if (dir && r >= 0) {
        picked.push(...p.vocab.grades.filter((g) => rankOf(g) >= 0 && (dir === '이상' ? rankOf(g) <= r : rankOf(g) >= r)));
      } else {
        picked.push(grade);
      }
      texts.push(m[0]);
      return true;
    });
  }
  const unique = [...new Set(picked)];
  if (unique.length === 0) return;
  const text = texts.join(', ');
  p.add(unique.length === 1 ? { field: 'grade', operator: 'eq', value: unique[0] ?? '' } : { field: 'grade', operator: 'in', value: unique }, text);
}

function parseRegion(p: Parse): void {
  const shortOf = (text: unknown) => {
    const r = normalizeRegion(text);
    return r.ok ? r.value : null;
  };
  const companyValue = (short: string) => p.vocab.regions.find((r) => shortOf(r) === short) ?? short;
  const found: string[] = [];
  const excluded: string[] = [];
  const texts: string[] = [];
  p.take(/수도권/, (m) => {
    found.push('서울', '경기', '인천');
    texts.push(m[0]);
    return true;
  });
  const spellings = /(서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|인천|광주광역시|광주시|광주|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시|세종|경기도|경기|강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전라북도|전북특별자치도|전북|전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주)(?!점|\s*점)(\s*(?:지역|거주|거주자|사는|에\s*사는))?(\s*(?:제외|빼고|외\s))?/;
  p.take(spellings, (m) => {
    const short = shortOf(m[1]);
    if (!short || !REGIONS.includes(short)) return false;
    (m[3] ? excluded : found).push(short);
    texts.push(m[0]);
    return true;
  });
  const inc = [...new Set(found)].map(companyValue);
  if (inc.length === 1) p.add({ field: 'region', operator: 'eq', value: inc[0] ?? '' }, texts.join(', '));
  else if (inc.length > 1) p.add({ field: 'region', operator: 'in', value: inc }, texts.join(', '));
  for (const short of new Set(excluded)) p.add({ field: 'region', operator: 'neq', value: companyValue(short) }, `${short} 제외`);
}

function parseRecency(p: Parse): void {
  const unit = '(개월|달|주|일|년)';
  p.take(new RegExp(`최근\\s*(${COUNT_RE})\\s*${unit}\\s*(?:이내|내|안|동안|간)?\\s*(?:에\\s*)?(?:구매|구입|주문|결제|방문)(?!\\s*(?:이력\\s*)?(?:없|안\\s*한|하지))`), (m) => {
    const n = countOf(m[1] ?? '');
    return n !== null && n > 0 && p.add({ field: 'recent_purchase_date', operator: 'days_within', value: Math.min(daysOf(n, m[2] ?? ''), 3650) }, m[0]);
  });
  p.take(new RegExp(`(?:최근\\s*)?(${COUNT_RE}|반)\\s*${unit}?\\s*(?:이상|넘게|넘도록|동안|간|째)?\\s*(?:미구매|구매\\s*(?:이력\\s*)?(?:없|안\\s*한|하지\\s*않)|미방문|방문\\s*(?:없|안\\s*한|하지\\s*않))`), (m) => {
    const days = m[1] === '반' && m[2] === '년' ? 180 : m[2] ? daysOf(countOf(m[1] ?? '') ?? 0, m[2]) : 0;
    return days > 0 && p.add({ field: 'recent_purchase_date', operator: 'days_not_within', value: Math.min(days, 3650) }, m[0]);
  });
  p.take(/휴면\s*(?:고객|회원)?/, (m) => p.add({ field: 'recent_purchase_date', operator: 'days_not_within', value: 365 }, m[0]));
  p.take(new RegExp(`최근\\s*(${COUNT_RE})\\s*${unit}\\s*(?:이내|내|안|동안|간)?\\s*(?:에\\s*)?(?:신규\\s*)?가입`), (m) => {
    const n = countOf(m[1] ?? '');
    return n !== null && n > 0 && p.add({ field: 'registered_at', operator: 'days_within', value: daysOf(n, m[2] ?? '') }, m[0]);
  });
  p.take(/신규\s*(?:가입\s*)?(?:고객|회원)|새로\s*가입한\s*(?:고객|회원)?/, (m) => p.add({ field: 'registered_at', operator: 'days_within', value: 30 }, m[0]));
}

type NumberField = 'total_purchase_amount' | 'recent_purchase_amount' | 'points' | 'purchase_count';

function bound(p: Parse, field: NumberField, value: number, dir: string, text: string): boolean {
  if (dir === '초과') return p.add({ field, operator: 'gte', value: value + 1 }, text);
  if (dir === '미만') return p.add({ field, operator: 'lte', value: value - 1 }, text);
  return p.add({ field, operator: dir === '이하' || dir === '까지' ? 'lte' : 'gte', value }, text);
}

function parseAmounts(p: Parse): void {
  const amount = `(\\d[\\d,]*)\\s*(억|천만|백만|만|천)?\\s*원`;
  const dir = '(이상|초과|이하|미만|까지)';
  p.take(new RegExp(`(총|누적|최근)?\\s*구매\\s*(?:금액|액)\\s*(?:이|가)?\\s*${amount}\\s*${dir}`), (m) => {
    const field = m[1] === '최근' ? 'recent_purchase_amount' : 'total_purchase_amount';
    return bound(p, field, wonAmount(m[2] ?? '0', m[3]), m[4] ?? '이상', m[0]);
  });
  p.take(new RegExp(`(?:총|누적)?\\s*${amount}\\s*(이상|초과)\\s*(?:구매|구입|결제)`), (m) => bound(p, 'total_purchase_amount', wonAmount(m[1] ?? '0', m[2]), m[3] ?? '이상', m[0]));
  p.take(new RegExp(`(?:보유\\s*|잔여\\s*)?포인트\\s*(?:가|이)?\\s*(\\d[\\d,]*)\\s*(만|천)?\\s*(?:점|P|p|포인트|원)?\\s*${dir}`), (m) => bound(p, 'points', wonAmount(m[1] ?? '0', m[2]), m[3] ?? '이상', m[0]));
  p.take(/(?:구매|구입)\s*(?:횟수|건수)?\s*(?:가|이)?\s*(\d+)\s*(?:회|번|건)\s*(이상|초과|이하|미만)/, (m) => bound(p, 'purchase_count', Number(m[1]), m[2] ?? '이상', m[0]));
  p.take(/(\d+)\s*(?:회|번|건)\s*(이상|초과)\s*(?:구매|구입|방문)/, (m) => bound(p, 'purchase_count', Number(m[1]), m[2] ?? '이상', m[0]));
}

function parseBirthday(p: Parse): void {
  const month = (value: number | 'this_month', text: string) => p.add({ field: 'birth_month', operator: 'birthday_month', value }, text);
  p.take(/(?:이번\s*달|이달|금월)(?:에|의)?\s*생일(?:인|이신|을\s*맞은)?|생일(?:이|인)?\s*이번\s*달인?/, (m) => month('this_month', m[0]));
  p.take(/(?:다음\s*달|다음달|내달)(?:에|의)?\s*생일(?:인|이신)?/, (m) => month(plainDateMonth(plainDateAddDays(`${p.vocab.today.slice(0, 8)}01`, 31)), m[0]));
  p.take(/(?<!\d)(1[0-2]|0?[1-9])\s*월(?:에|의)?\s*생일(?:인|이신)?|생일(?:이|인)?\s*(1[0-2]|0?[1-9])\s*월인?/, (m) => month(Number(m[1] ?? m[2]), m[0]));
}

function parseStore(p: Parse): void {
  const codes: string[] = [];
  const texts: string[] = [];
  const stores = [...p.vocab.stores].sort((a, b) => (b.name?.length ?? 0) - (a.name?.length ?? 0));
  for (const store of stores) {
    const names = [store.name, store.name?.replace(/점$/, '') && `${store.name.replace(/점$/, '')}\\s*(?:매장|지점)`].filter((n): n is string => !!n);
    const escaped = names.map((n, i) => (i === 0 ? n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : n));
    const re = new RegExp(`(?:${[...escaped, `(?<![A-Za-z0-9])${store.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`].join('|')})`, 'i');
    p.take(re, (m) => {
      codes.push(store.code);
      texts.push(m[0]);
      return true;
    });
  }
  const unique = [...new Set(codes)];
  if (unique.length === 1) p.add({ field: 'store_code', operator: 'eq', value: unique[0] ?? '' }, texts.join(', '));
  else if (unique.length > 1) p.add({ field: 'store_code', operator: 'in', value: unique }, texts.join(', '));
}

/** The parser. Order matters: stores before regions (해운대점 is a store), amounts before ages. */
export function parseTargetPrompt(prompt: string, vocab: TargetVocabulary): ParsedTarget {
  const p = new Parse(prompt, vocab);
  parseStore(p);
  parseBirthday(p);
  parseRecency(p);
  parseAmounts(p);
  parseAge(p);
  parseGender(p);
  parseGrade(p);
  parseRegion(p);
  const filter: TargetFilter = p.conditions.length === 0 ? { all: true } : { op: 'and', conditions: p.conditions };
  return { filter, matches: p.matches, rest: p.work.replace(/\s+/g, ' ').trim() };
}
