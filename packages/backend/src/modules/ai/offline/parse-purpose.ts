/**
 * What a prompt is about: advertising or informational, which kind of message, the benefit it
 * states (copied verbatim — the engine never invents one) and the topic left for the copy.
 */
export type PurposeKind = 'sale' | 'coupon' | 'event' | 'new_arrival' | 'points_expiry' | 'delivery' | 'reservation' | 'notice' | 'general_ad';

export interface ParsedPurpose {
  isAd: boolean;
  kind: PurposeKind;
  /** Benefits as the prompt wrote them, e.g. `['20% 할인']`. */
  benefits: string[];
  /** The message topic, e.g. `봄 신상`; '' when nothing is left. */
  topic: string;
  /** The words that decided `isAd`. */
  signals: string[];
}

const AD_WORDS: Array<[RegExp, PurposeKind]> = [
  [/쿠폰/, 'coupon'],
  [/할인|세일|sale|특가|off|반값|최대\s*\d+\s*%/i, 'sale'],
  [/이벤트|프로모션|사은품|증정|경품|1\s*\+\s*1|기획전|오픈|런칭|혜택/i, 'event'],
  [/신상품|신상|신제품|신규\s*출시|출시|new|컬렉션|입고/i, 'new_arrival'],
];
const INFO_WORDS: Array<[RegExp, PurposeKind]> = [
  [/포인트\s*(?:가\s*)?(?:소멸|만료)|소멸\s*예정|만료\s*예정/, 'points_expiry'],
  [/배송|출고|택배|도착/, 'delivery'],
  [/예약/, 'reservation'],
  [/안내|공지|알림|휴무|영업\s*시간|변경|점검|확인/, 'notice'],
];

const BENEFIT = /(?:최대\s*)?\d[\d,]*\s*%\s*(?:추가\s*)?(?:할인|적립|세일|off|OFF)?|\d[\d,]*\s*(?:만|천)?\s*원\s*(?:할인\s*)?(?:쿠폰|할인|적립금?|상당)?|\d\s*\+\s*\d|\d+\s*배\s*적립|무료\s*배송/g;

/** Words that only say "send a message" and never belong in the copy. */
const FILLER = /(?:고객님?들?|회원님?들?|분들?)\s*(?:에게|한테|께|대상으로|을\s*대상으로)?|에게|한테|대상으로|대상|(?:문자|메시지|메세지|SMS|LMS|MMS)\s*(?:를|을)?|(?:보내|발송|전송|작성|만들어|써|알려)\s*(?:줘|주세요|해\s*줘|해\s*주세요|하기|해|요)?|(?:을|를)?\s*(?:알리는|알리고\s*싶어|알려\s*주는)|(?:이미지|사진|포스터|장문|자세히|상세)(?:\s*(?:포함|첨부|넣어서|로|으로))?/gi;
const TRAILING = /(?:\s*(?:안내|알림|공지|소식|홍보|관련|및|과|와|의|을|를|으로|로|에|,|\.|!|\?))+$/;

export function parsePurpose(prompt: string, rest: string = prompt): ParsedPurpose {
  const signals: string[] = [];
  let kind: PurposeKind | null = null;
  for (const [re, k] of AD_WORDS) {
    const m = re.exec(prompt);
    if (m) {
      signals.push(m[0]);
      kind ??= k;
    }
  }
  const isAd = kind !== null;
  if (!isAd) {
    for (const [re, k] of INFO_WORDS) {
      const m = re.exec(prompt);
      if (m) {
        signals.push(m[0]);
        kind ??= k;
      }
    }
  }
  const benefits = [...prompt.matchAll(BENEFIT)].map((m) => m[0].replace(/\s+/g, ' ').trim()).filter((b) => b !== '');
  let topic = rest;
  for (const b of benefits) topic = topic.replace(b, ' ');
  topic = topic.replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i += 1) topic = topic.replace(TRAILING, '').trim();
  topic = topic.replace(/^(?:의|을|를|에|,|\.)\s*/, '').trim();
  // no ad words and no informational words: treated as an ad (the stricter rules: consent, night ban)
  return { isAd: isAd || kind === null, kind: kind ?? 'general_ad', benefits: [...new Set(benefits)], topic, signals };
}
