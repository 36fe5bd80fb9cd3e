import type { MessageType } from '@hanjullo/shared';
import type { ParsedPurpose, PurposeKind } from './parse-purpose.js';

/**
 * Template copy in three tones. Each tone lists candidates from the richest to the tersest; the
 * caller keeps the first one the message builder accepts (size after the ad wrap with the longest
 * variable values), so a variant never overflows. Copy uses only the topic and the benefits the
 * prompt stated, and only the variables the caller allowed.
 */
export interface CopyDraft {
  name: string;
  concept: string;
  subject?: string;
  body: string;
}

export interface CopyInput {
  channel: MessageType;
  isAd: boolean;
  purpose: ParsedPurpose;
  /** Variables the copy may use (already checked against the catalog). */
  variables: readonly string[];
}

interface Parts {
  t: string;
  b: string;
  n: string;
  has: (v: string) => boolean;
}

type Candidates = (x: Parts) => string[];

const AD_SHORT: Record<string, Candidates> = {
  감성형: ({ t, b, n }) => b
    ? [`${n}${t} 소식을 전해드려요. ${b} 혜택과 함께 설레는 하루 보내세요.`, `${n}${t}, ${b} 혜택을 준비했어요.`, `${t}, ${b} 혜택을 준비했어요.`, `${t} ${b} 혜택`]
    : [`${n}${t} 소식을 전해드려요. 설레는 하루 보내세요.`, `${n}${t} 소식을 전해드려요.`, `${t} 소식을 전해드려요.`, `${t} 소식`],
  혜택강조형: ({ t, b, n }) => b
    ? [`${n}${t} ${b}! 놓치지 마세요. 지금 바로 확인하세요.`, `${n}${t} ${b}! 놓치지 마세요.`, `${t} ${b}! 놓치지 마세요.`, `${t} ${b}!`]
    : [`${n}${t}! 지금 바로 확인하세요. 놓치면 아쉬워요.`, `${n}${t}! 지금 바로 확인하세요.`, `${t}! 지금 확인하세요.`, `${t}!`],
  MZ감성형: ({ t, b, n }) => b
    ? [`${n}${t} 실화? ${b} 찬스, 지금 바로 득템각!`, `${n}${t} ${b} 찬스! 득템하러 고고`, `${t} ${b} 찬스! 득템 고고`, `${t} ${b} 찬스`]
    : [`${n}${t} 떴다! 지금 바로 득템각, 서두르세요!`, `${n}${t} 떴다! 득템하러 고고`, `${t} 떴다! 득템 고고`, `${t} 떴다`],
};

const INFO_LINES: Partial<Record<PurposeKind, (x: Parts) => string>> = {
  points_expiry: ({ has }) => (has('포인트') ? '보유 포인트 %포인트%점 중 일부가 곧 소멸될 예정입니다' : '보유 포인트 중 일부가 곧 소멸될 예정입니다'),
  delivery: () => '주문하신 상품의 배송 일정을 알려드립니다',
  reservation: () => '예약하신 일정을 알려드립니다',
};

function infoLine(x: Parts, kind: PurposeKind): string {
  return INFO_LINES[kind]?.(x) ?? `${x.t || '이용'} 관련 내용을 알려드립니다`;
}

const INFO_SHORT: Record<string, (x: Parts, kind: PurposeKind) => string[]> = {
  감성형: (x, k) => [`${x.n}안녕하세요. ${infoLine(x, k)}. 늘 감사합니다.`, `${x.n}${infoLine(x, k)}.`, `${infoLine(x, k)}.`, `${x.t || '이용'} 안내`],
  혜택강조형: (x, k) => [`[안내] ${x.n}${infoLine(x, k)}. 확인 부탁드립니다.`, `[안내] ${x.n}${infoLine(x, k)}.`, `[안내] ${infoLine(x, k)}.`, `[안내] ${x.t || '이용'}`],
  MZ감성형: (x, k) => [`${x.n}잠깐! ${infoLine(x, k)}. 꼭 확인해 주세요!`, `${x.n}잠깐! ${infoLine(x, k)}.`, `잠깐! ${infoLine(x, k)}.`, `잠깐! ${x.t || '이용'} 안내`],
};

const CONCEPTS: Record<string, string> = {
  감성형: '따뜻한 말투로 고객과의 관계를 강조',
  혜택강조형: '핵심 혜택과 정보를 앞에 두고 행동을 유도',
  MZ감성형: '짧고 경쾌한 요즘 말투',
};

function longCopy(tone: string, x: Parts, input: CopyInput): { subject: string; body: string }[] {
  const k = input.purpose.kind;
  const greet = x.n ? `${x.n}안녕하세요.` : '안녕하세요.';
  const lead = input.isAd
    ? { 감성형: `${x.t} 소식을 전해드립니다.`, 혜택강조형: `${x.t}${x.b ? ` ${x.b}` : ''}! 지금 확인하세요.`, MZ감성형: `${x.t} 떴다! 이번엔 놓치지 마세요.` }[tone] ?? ''
    : `${infoLine(x, k)}.`;
  const benefit = input.isAd && x.b ? `${x.b} 혜택을 준비했습니다.` : '';
  const close = { 감성형: '오늘도 좋은 하루 보내세요.', 혜택강조형: '자세한 내용은 매장에서 확인해 주세요.', MZ감성형: '지금 바로 확인 고고!' }[tone] ?? '';
  const subjects = input.isAd ? [`${x.t} 소식`, x.t, '특별한 소식'] : [`${x.t || '이용'} 안내`, '안내'];
  const bodies = [[greet, lead, benefit, close], [greet, lead, benefit], [lead, benefit]].map((lines) => lines.filter(Boolean).join('\n'));
  return subjects.flatMap((subject) => bodies.map((body) => ({ subject, body })));
}

function shortCandidates(tone: string, x: Parts, input: CopyInput): string[] {
  return input.isAd ? (AD_SHORT[tone]?.(x) ?? []) : (INFO_SHORT[tone]?.(x, input.purpose.kind) ?? []);
}

/** Shortens a topic word by word (then by characters) so that some candidate always fits. */
function shorterTopics(topic: string): string[] {
  const out = [topic];
  const words = topic.split(' ');
  for (let n = words.length - 1; n >= 1; n -= 1) out.push(words.slice(0, n).join(' '));
  const first = words[0] ?? '';
  for (let n = Math.min(first.length - 1, 8); n >= 2; n -= 1) out.push(first.slice(0, n));
  return [...new Set(out.filter((t) => t !== ''))];
}

/** The three variants; `fits` is the guard (builder + content rules) — only accepted drafts are returned. */
export function writeTemplateCopy(input: CopyInput, fits: (draft: CopyDraft) => boolean): CopyDraft[] {
  const topic = input.purpose.topic || (input.isAd ? '특별한 소식' : '');
  const benefit = input.purpose.benefits.slice(0, 2).join(', ');
  const has = (v: string) => input.variables.includes(v);
  const out: CopyDraft[] = [];
  for (const tone of ['감성형', '혜택강조형', 'MZ감성형']) {
    const base = { name: tone, concept: CONCEPTS[tone] ?? '' };
    let chosen: CopyDraft | undefined;
    for (const t of shorterTopics(topic).concat(topic === '' ? [''] : [])) {
      for (const n of has('이름') ? ['%이름%님, ', ''] : ['']) {
        for (const b of benefit ? [benefit, input.purpose.benefits[0] ?? ''] : ['']) {
          const x: Parts = { t, b, n, has };
          const drafts: CopyDraft[] = input.channel === 'SMS'
            ? shortCandidates(tone, x, input).map((body) => ({ ...base, body }))
            : longCopy(tone, x, input).map((c) => ({ ...base, ...c }));
          chosen = drafts.find(fits);
          if (chosen) break;
        }
        if (chosen) break;
      }
      if (chosen) break;
    }
    if (chosen) out.push(chosen);
  }
  return out;
}
