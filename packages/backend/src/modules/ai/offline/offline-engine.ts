import { plainDateMonth, type MessageType, type TargetFilter } from '@hanjullo/shared';
import { parsePurpose, type ParsedPurpose } from './parse-purpose.js';
import { parseTargetPrompt, type TargetVocabulary } from './parse-target.js';

/** The deterministic engine: no key needed, same answer every time. */
export interface TargetDraft {
  filter: TargetFilter;
  reasoning: string;
  isAd: boolean;
  channel: MessageType;
  channelReason: string;
  campaignName: string;
  variables: string[];
}

const PURPOSE_LABELS: Record<ParsedPurpose['kind'], string> = {
  sale: '할인 안내',
  coupon: '쿠폰 안내',
  event: '이벤트 안내',
  new_arrival: '신상품 안내',
  points_expiry: '포인트 소멸 안내',
  delivery: '배송 안내',
  reservation: '예약 안내',
  notice: '안내',
  general_ad: '프로모션',
};

export function suggestChannel(prompt: string): { channel: MessageType; reason: string } {
  if (/이미지|사진|포스터|MMS/i.test(prompt)) return { channel: 'MMS', reason: '이미지를 함께 보내는 요청이라 MMS(이미지 1~3장, 2,000바이트)를 추천합니다.' };
  if (/LMS|장문|자세히|상세|길게/i.test(prompt)) return { channel: 'LMS', reason: '자세한 내용을 담는 요청이라 LMS(제목 포함, 2,000바이트)를 추천합니다.' };
  return { channel: 'SMS', reason: '짧은 메시지는 SMS(90바이트)가 가장 저렴합니다. 광고 표기와 수신거부 문구를 포함해도 90바이트에 들어가도록 문구를 만듭니다.' };
}

function variablesFor(filter: TargetFilter, purpose: ParsedPurpose): string[] {
  const fields = 'op' in filter ? filter.conditions.map((c) => ('field' in c ? c.field : '')) : [];
  const vars = ['이름'];
  if (fields.includes('grade')) vars.push('등급');
  if (fields.includes('store_code')) vars.push('매장명');
  if (purpose.kind === 'points_expiry' || fields.includes('points')) vars.push('포인트');
  return vars;
}

export function recommendTargetOffline(prompt: string, vocab: TargetVocabulary): TargetDraft {
  const target = parseTargetPrompt(prompt, vocab);
  const purpose = parsePurpose(prompt, target.rest);
  const { channel, reason } = suggestChannel(prompt);
  const found = target.matches.length === 0
    ? '대상 조건이 되는 표현이 없어 전체 고객으로 잡았습니다.'
    : `요청에서 ${target.matches.map((m) => `'${m.text}' → ${m.meaning}`).join(', ')} 조건을 찾았습니다.`;
  const kind = purpose.isAd
    ? `${purpose.signals.length > 0 ? `'${purpose.signals.join("', '")}' 표현이 있어 ` : '정보성 표현이 없어 '}광고성 메시지로 분류했습니다(수신동의 고객만, 21시~08시 발송 금지).`
    : `'${purpose.signals.join("', '")}' 표현으로 정보성 메시지로 분류했습니다(광고 표기 없이 발송).`;
  const who = [...target.matches].sort((a, b) => prompt.indexOf(a.text) - prompt.indexOf(b.text)).map((m) => m.text).join(' ');
  const what = purpose.topic ? `${purpose.topic}${purpose.benefits.length ? ` ${purpose.benefits[0]}` : ''}` : PURPOSE_LABELS[purpose.kind];
  const name = `${plainDateMonth(vocab.today)}월 ${what}${who ? ` - ${who}` : ''}`.replace(/\s+/g, ' ').slice(0, 60).trim();
  return {
    filter: target.filter,
    reasoning: `${found} ${kind}`,
    isAd: purpose.isAd,
    channel,
    channelReason: reason,
    campaignName: name,
    variables: variablesFor(target.filter, purpose),
  };
}
