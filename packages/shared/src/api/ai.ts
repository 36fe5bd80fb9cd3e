import { z } from 'zod';
import { MESSAGE_TYPES } from '../message/types.js';
import { TargetFilter } from '../targeting/filter.js';

/**
 * The AI assistant (SPEC § F): one sentence → a target filter with exact counts, three message
 * variants, and column-mapping suggestions. `engine` says who answered: `anthropic` (the LLM) or
 * `offline` (the deterministic Korean rule engine, also the fallback when the LLM fails — then
 * `note` tells the user why in Korean).
 */
export const AI_ENGINES = ['anthropic', 'offline'] as const;
export const AiEngine = z.enum(AI_ENGINES);
export type AiEngine = z.infer<typeof AiEngine>;

const prompt = z
  .string({ error: '요청 문장을 입력해 주세요.' })
  .trim()
  .min(2, { error: '요청 문장을 2자 이상 입력해 주세요.' })
  .max(500, { error: '요청 문장은 500자 이하로 입력해 주세요.' });

/** `POST /api/ai/recommend-target` */
export const RecommendTargetBody = z.strictObject({ prompt });
export type RecommendTargetBody = z.infer<typeof RecommendTargetBody>;

export const AiTargetCounts = z.object({
  matched: z.number().int(),
  optedOut: z.number().int(),
  noConsent: z.number().int(),
  duplicatePhones: z.number().int(),
  final: z.number().int(),
});
export type AiTargetCounts = z.infer<typeof AiTargetCounts>;

export const RecommendTargetResult = z.object({
  filter: TargetFilter,
  /** The filter in Korean (`describeFilter`). */
  description: z.string(),
  reasoning: z.string(),
  isAd: z.boolean(),
  channel: z.enum(MESSAGE_TYPES),
  channelReason: z.string(),
  /** KST ISO instant (`…+09:00`): never in the past, never 21:00–08:00 for ads (company window applied). */
  suggestedSendAt: z.string().nullable(),
  campaignName: z.string(),
  /** Merge variables worth using, e.g. `['이름', '등급']` (written `%이름%`). */
  variables: z.array(z.string()),
  /** From the same compiler the send uses: `final` is what a send would reach now. */
  counts: AiTargetCounts,
  engine: AiEngine,
  note: z.string().optional(),
});
export type RecommendTargetResult = z.infer<typeof RecommendTargetResult>;

/** `POST /api/ai/generate-message` */
export const GenerateMessageBody = z.strictObject({
  prompt,
  channel: z.enum(MESSAGE_TYPES, { error: 'channel은 SMS, LMS, MMS 중 하나여야 합니다.' }),
  isAd: z.boolean({ error: 'isAd(광고 여부)는 true 또는 false여야 합니다.' }),
  variables: z.array(z.string().trim().min(1).max(40)).max(10, { error: '변수는 10개까지 쓸 수 있습니다.' }).default([]),
});
export type GenerateMessageBody = z.infer<typeof GenerateMessageBody>;

export const MESSAGE_VARIANT_NAMES = ['감성형', '혜택강조형', 'MZ감성형'] as const;

export const MessageVariant = z.object({
  name: z.string(),
  concept: z.string(),
  /** LMS/MMS only; pure (the builder adds `(광고) `). */
  subject: z.string().optional(),
  /** Pure body (no ad label, no opt-out line: the builder adds them). */
  body: z.string(),
  /** Final CP949 bytes from `buildMessage` after the ad wrap, with the longest variable values. */
  bytes: z.number().int(),
  limit: z.number().int(),
});
export type MessageVariant = z.infer<typeof MessageVariant>;

export const GenerateMessageResult = z.object({
  variants: z.array(MessageVariant),
  channel: z.enum(MESSAGE_TYPES),
  isAd: z.boolean(),
  engine: AiEngine,
  note: z.string().optional(),
});
export type GenerateMessageResult = z.infer<typeof GenerateMessageResult>;

/** `POST /api/ai/map-columns` — column names only, never data. */
export const MapColumnsBody = z.strictObject({
  target: z.enum(['customers', 'purchases'], { error: 'target은 customers 또는 purchases여야 합니다.' }),
  columns: z.array(z.string().trim().min(1).max(200)).min(1, { error: '컬럼 이름을 하나 이상 보내 주세요.' }).max(500),
});
export type MapColumnsBody = z.infer<typeof MapColumnsBody>;

export const MapColumnsResult = z.object({
  /** Column name → field key (`customer-fields.ts`), or null when nothing fits. */
  mapping: z.record(z.string(), z.string().nullable()),
  engine: AiEngine,
  model: z.string(),
  cacheHit: z.boolean(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  note: z.string().optional(),
});
export type MapColumnsResult = z.infer<typeof MapColumnsResult>;
