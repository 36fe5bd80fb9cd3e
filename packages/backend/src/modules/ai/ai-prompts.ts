import { z } from 'zod';
import {
  CUSTOMER_FIELDS,
  MESSAGE_TYPES,
  PURCHASE_FIELDS,
  plainDateAddDays,
  type MappingTarget,
  type MessageType,
} from '@hanjullo/shared';
import type { AiCompanyContext } from './ai-context.js';

/**
 * What the LLM is told. Only the field catalog, value lists (grades, regions, store codes and
 * names), today's KST date with a small calendar, aggregate counts and column names — never a
 * customer row or phone number. Phone-like digits typed into a prompt are masked before sending.
 */
export function redactPrompt(text: string): string {
  return text
    .replace(/(?:\+?82[-\s.]?)?0?1[016789][-\s.]?\d{3,4}[-\s.]?\d{4}/g, '[전화번호]')
    .replace(/\d{2,3}[-\s.]\d{3,4}[-\s.]\d{4}/g, '[전화번호]')
    .replace(/\d{9,}/g, '[번호]');
}

const WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';

function calendar(today: string): string {
  return Array.from({ length: 14 }, (_, i) => plainDateAddDays(today, i)).map((d) => `${d}(${weekday(d)})`).join(', ');
}

export const LlmTargetOutput = z.object({
  filter: z.unknown(),
  reasoning: z.string().min(1).max(1000),
  isAd: z.boolean(),
  channel: z.enum(MESSAGE_TYPES),
  channelReason: z.string().min(1).max(300),
  campaignName: z.string().min(1).max(60),
  variables: z.array(z.string()).max(10),
  sendAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).nullable().optional(),
});
export type LlmTargetOutput = z.infer<typeof LlmTargetOutput>;

export function targetPrompt(ctx: AiCompanyContext, prompt: string): { system: string; user: string } {
  const fields = ctx.fields.map((f) => ({ field: f.field, label: f.label, type: f.type, operators: f.operators.map((o) => o.operator), values: f.values?.map((v) => v.value) ?? undefined }));
  const system = [
    '당신은 한국 문자 마케팅 플랫폼 "한줄로"의 타겟 추천 도우미입니다. 마케터의 한 문장을 고객 필터(JSON)로 바꿉니다.',
    '규칙: 아래 field 목록의 field와 operators만 사용합니다. grade/region/store_code 값은 values 목록의 값만 씁니다. SQL은 절대 쓰지 않습니다.',
    '필터 형식: {"all":true} 또는 {"op":"and"|"or","conditions":[{"field":…,"operator":…,"value":…}]}. age_band/between 값은 {"from":n,"to":n}, days_within/days_not_within 값은 일수(3개월=90), birthday_month 값은 1~12 또는 "this_month". gender는 "F" 또는 "M".',
    '할인·이벤트·쿠폰·신상품·세일 등 홍보는 isAd=true, 배송·예약·포인트 소멸 등 거래 안내는 isAd=false.',
    'channel: 짧으면 SMS, 긴 설명이면 LMS, 이미지가 필요하면 MMS. variables는 %이름% 같은 개인화 변수 이름(퍼센트 기호 없이).',
    'sendAt은 요청에 시간이 있을 때만 KST "YYYY-MM-DDTHH:mm", 없으면 null.',
    '출력: 다른 말 없이 JSON 객체 하나 {"filter","reasoning"(한국어),"isAd","channel","channelReason"(한국어),"campaignName"(60자 이내),"variables","sendAt"}.',
  ].join('\n');
  const user = JSON.stringify({
    today: `${ctx.today}(${weekday(ctx.today)}) KST`,
    calendar: calendar(ctx.today),
    fields,
    stores: ctx.vocab.stores,
    mergeVariables: ctx.mergeCatalog.map((f) => f.name),
    stats: ctx.stats,
    request: redactPrompt(prompt),
  });
  return { system, user };
}

export const LlmCopyOutput = z.object({
  variants: z.array(z.object({ name: z.string().min(1).max(20), concept: z.string().max(200), subject: z.string().max(100).nullable().optional(), body: z.string().min(1).max(4000) })).length(3),
});
export type LlmCopyOutput = z.infer<typeof LlmCopyOutput>;

export interface CopyPromptInput {
  prompt: string;
  channel: MessageType;
  isAd: boolean;
  variables: string[];
  /** Body bytes left after the ad wrap and with the longest variable values. */
  bodyBudget: number;
  longest: Record<string, number>;
}

export function copyPrompt(input: CopyPromptInput): { system: string; user: string } {
  const system = [
    '당신은 한국 문자(SMS/LMS/MMS) 카피라이터입니다. 세 가지 버전(감성형, 혜택강조형, MZ감성형)을 씁니다.',
    '바이트는 CP949 기준(한글 2바이트, 영문·숫자·공백 1바이트)입니다. 본문은 bodyBudget 바이트 이하여야 합니다(변수는 longestBytes 만큼 차지).',
    '(광고) 표기, 수신거부 문구, 080 번호는 쓰지 않습니다(시스템이 붙입니다). 이모지와 특수기호(★♥✈ 등)는 쓰지 않습니다.',
    '요청에 없는 할인율·금액·숫자·무료·증정 같은 혜택은 절대 만들지 않습니다. 변수는 allowedVariables만 %이름% 형식으로 씁니다.',
    'SMS에는 subject를 쓰지 않습니다. LMS/MMS subject는 30바이트 이하, 변수 없이.',
    '출력: 다른 말 없이 JSON {"variants":[{"name","concept","subject","body"}×3]}.',
  ].join('\n');
  const user = JSON.stringify({
    request: redactPrompt(input.prompt),
    channel: input.channel,
    isAd: input.isAd,
    allowedVariables: input.variables,
    longestBytes: input.longest,
    bodyBudget: input.bodyBudget,
  });
  return { system, user };
}

export const LlmMappingOutput = z.object({ mapping: z.record(z.string(), z.string().nullable()) });

export function mappingPrompt(target: MappingTarget, columns: readonly string[], hint: Record<string, string | null>): { system: string; user: string } {
  const fields = (target === 'customers' ? CUSTOMER_FIELDS : PURCHASE_FIELDS).map((f) => ({ fieldKey: f.fieldKey, name: f.displayName, type: f.dataType }));
  const system = [
    '당신은 고객 DB 컬럼 이름을 표준 필드에 연결하는 도우미입니다. 데이터는 없고 컬럼 이름만 주어집니다.',
    '각 컬럼을 fields의 fieldKey 하나 또는 null로 연결합니다. 한 fieldKey는 한 컬럼에만 씁니다. 모르면 null.',
    '출력: 다른 말 없이 JSON {"mapping":{"컬럼명":"fieldKey"|null}} — 모든 컬럼을 포함합니다.',
  ].join('\n');
  return { system, user: JSON.stringify({ target, columns, fields, dictionaryHint: hint }) };
}
