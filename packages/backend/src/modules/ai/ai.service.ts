import {
  TargetFilter,
  kstMidnight,
  suggestMapping,
  type GenerateMessageBody,
  type GenerateMessageResult,
  type MapColumnsBody,
  type MapColumnsResult,
  type MessageVariant,
  type RecommendTargetResult,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { CompanyScope } from '../scope/scope.js';
import { previewTarget } from '../targeting/targeting.service.js';
import { catalogProblems, loadAiContext, type AiCompanyContext } from './ai-context.js';
import { checkLlmVariants, setupCopy, writeOfflineVariants } from './ai-copy.js';
import { mappingColumnsCheck } from './ai-mapping.js';
import { LlmCopyOutput, LlmMappingOutput, LlmTargetOutput, copyPrompt, mappingPrompt, targetPrompt } from './ai-prompts.js';
import { assertAiRateLimit, budgetExhausted, cacheMapping, findCachedMapping, monthlyCallsUsed } from './ai.limits.js';
import { LlmFailure, OFFLINE_FALLBACK_NOTE, completeJson, logAiOutcome, type AiFeature, type AiProvider, type Checked } from './ai.provider.js';
import { createAiProvider } from './anthropic.provider.js';
import { recommendTargetOffline, type TargetDraft } from './offline/offline-engine.js';
import { parsePreferredTime, suggestSendAt, toKstIso } from './send-time.js';

/** The AI assistant (SPEC § F). Every answer names its engine; a failed LLM call falls back to the offline engine with a note. */

const providers = new WeakMap<AppDeps['config'], AiProvider | null>();
function providerOf(deps: AppDeps): AiProvider | null {
  if (!providers.has(deps.config)) providers.set(deps.config, createAiProvider(deps.config.anthropic));
  return providers.get(deps.config) ?? null;
}

const BUDGET_NOTE = '이번 달 AI 사용 한도를 모두 사용해 기본 규칙 엔진으로 결과를 만들었습니다.';

interface Answer<T> {
  data: T;
  engine: 'anthropic' | 'offline';
  note?: string;
}

/**
 * Runs the LLM when there is a provider (refusing with 429 when the monthly budget is used up),
 * else — or when it fails — the offline engine, and logs one outcome line per request.
 */
async function answer<T>(deps: AppDeps, companyId: string, feature: AiFeature, llm: ((p: AiProvider) => Promise<T>) | null, offline: () => T): Promise<Answer<T>> {
  const started = Date.now();
  const provider = llm ? providerOf(deps) : null;
  if (!provider || !llm) {
    logAiOutcome(deps, { feature, companyId, engine: 'offline', model: null, fallback: false, latencyMs: Date.now() - started });
    return { data: offline(), engine: 'offline' };
  }
  if ((await monthlyCallsUsed(deps, companyId)) >= deps.config.aiMonthlyCallsPerCompany) throw budgetExhausted(deps);
  try {
    const data = await llm(provider);
    logAiOutcome(deps, { feature, companyId, engine: 'anthropic', model: provider.model, fallback: false, latencyMs: Date.now() - started });
    return { data, engine: 'anthropic' };
  } catch (err) {
    if (!(err instanceof LlmFailure)) throw err;
    logAiOutcome(deps, { feature, companyId, engine: 'offline', model: provider.model, fallback: true, latencyMs: Date.now() - started, reason: err.reason });
    return { data: offline(), engine: 'offline', note: err.reason === 'budget' ? BUDGET_NOTE : OFFLINE_FALLBACK_NOTE };
  }
}

function checkTarget(ctx: AiCompanyContext) {
  return (raw: unknown): Checked<TargetDraft & { sendAt: string | null }> => {
    const out = LlmTargetOutput.safeParse(raw);
    if (!out.success) return { ok: false, problems: out.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
    const filter = TargetFilter.safeParse(out.data.filter);
    if (!filter.success) return { ok: false, problems: filter.error.issues.map((i) => `filter.${i.path.join('.')}: ${i.message}`) };
    const problems = catalogProblems(filter.data, ctx);
    if (problems.length > 0) return { ok: false, problems };
    const variables = out.data.variables.filter((v) => ctx.mergeCatalog.some((f) => f.name === v.replace(/%/g, '')));
    return { ok: true, data: { ...out.data, filter: filter.data, variables, sendAt: out.data.sendAt ?? null } };
  };
}

/** `sendAt` "YYYY-MM-DDTHH:mm" KST from the LLM → an instant (null when unusable). */
function kstLocal(value: string | null | undefined): Date | null {
  if (!value) return null;
  try {
    const [date = '', time = ''] = value.split('T');
    const [h, m] = time.split(':').map(Number);
    return new Date(kstMidnight(date).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  } catch {
    return null;
  }
}

export async function recommendTarget(deps: AppDeps, scope: CompanyScope, prompt: string): Promise<RecommendTargetResult> {
  await assertAiRateLimit(deps, scope.companyId);
  const ctx = await loadAiContext(deps, scope);
  const offline = () => ({ ...recommendTargetOffline(prompt, ctx.vocab), sendAt: null as string | null });
  const result = await answer(deps, scope.companyId, 'recommend_target', (provider) => {
    const { system, user } = targetPrompt(ctx, prompt);
    return completeJson({ deps, provider, companyId: scope.companyId, feature: 'recommend_target' }, { system, user, maxTokens: 1500 }, checkTarget(ctx));
  }, offline);
  const draft = result.data;
  const preview = await previewTarget(deps, scope, draft.filter, { isAd: draft.isAd });
  const preferred = kstLocal(draft.sendAt) ?? parsePreferredTime(prompt, ctx.now);
  const sendAt = suggestSendAt(ctx.now, { isAd: draft.isAd, sendStartHour: ctx.sendStartHour, sendEndHour: ctx.sendEndHour }, preferred);
  return {
    filter: draft.filter,
    description: preview.description,
    reasoning: draft.reasoning,
    isAd: draft.isAd,
    channel: draft.channel,
    channelReason: draft.channelReason,
    suggestedSendAt: sendAt ? toKstIso(sendAt) : null,
    campaignName: draft.campaignName,
    variables: draft.variables,
    counts: { matched: preview.matched, optedOut: preview.optedOut, noConsent: preview.noConsent, duplicatePhones: preview.duplicatePhones, final: preview.final },
    engine: result.engine,
    ...(result.note ? { note: result.note } : {}),
  };
}

const NO_080_NOTE = '회사 설정에 080 수신거부 번호가 없습니다. 광고를 보내려면 먼저 등록해야 합니다(바이트 수는 080 번호 10자리를 넣어 계산했습니다).';

export async function generateMessage(deps: AppDeps, scope: CompanyScope, body: GenerateMessageBody): Promise<GenerateMessageResult> {
  await assertAiRateLimit(deps, scope.companyId);
  const ctx = await loadAiContext(deps, scope);
  const setup = await setupCopy(deps, ctx, body);
  const result = await answer<MessageVariant[]>(deps, scope.companyId, 'generate_message', (provider) => {
    const { system, user } = copyPrompt(setup.prompt);
    return completeJson({ deps, provider, companyId: scope.companyId, feature: 'generate_message' }, { system, user, maxTokens: 2000 }, (raw) => {
      const out = LlmCopyOutput.safeParse(raw);
      if (!out.success) return { ok: false, problems: out.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
      return checkLlmVariants(out.data.variants, setup.guard);
    });
  }, () => writeOfflineVariants(setup));
  const notes = [result.note, body.isAd && !ctx.optOut080 ? NO_080_NOTE : undefined].filter(Boolean);
  return {
    variants: result.data,
    channel: body.channel,
    isAd: body.isAd,
    engine: result.engine,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
}

export interface MapColumnsOptions {
  /** The upload screen is rate limited like the other AI endpoints; the Sync Agent has its own limit. */
  rateLimit: boolean;
  /** Budget used up: 429 for people; the Sync Agent quietly gets the dictionary answer. */
  onBudgetExhausted: 'refuse' | 'dictionary';
}

/** Column names → field keys. Offline = the alias dictionary; online = the LLM, validated and cached per company. */
export async function mapColumns(deps: AppDeps, companyId: string, body: MapColumnsBody, opts: MapColumnsOptions): Promise<MapColumnsResult> {
  if (opts.rateLimit) await assertAiRateLimit(deps, companyId);
  const dictionary = suggestMapping(body.columns, body.target);
  const offline = (note?: string): MapColumnsResult => ({ mapping: dictionary, engine: 'offline', model: 'dictionary', cacheHit: false, tokensIn: 0, tokensOut: 0, ...(note ? { note } : {}) });
  const provider = providerOf(deps);
  if (!provider) return offline();
  const cached = await findCachedMapping(deps, companyId, body.target, body.columns);
  if (cached) return { mapping: cached, engine: 'anthropic', model: provider.model, cacheHit: true, tokensIn: 0, tokensOut: 0 };
  if (opts.onBudgetExhausted === 'dictionary' && (await monthlyCallsUsed(deps, companyId)) >= deps.config.aiMonthlyCallsPerCompany) return offline(BUDGET_NOTE);
  const result = await answer(deps, companyId, 'map_columns', (p) => {
    const { system, user } = mappingPrompt(body.target, body.columns, dictionary);
    return completeJson({ deps, provider: p, companyId, feature: 'map_columns' }, { system, user, maxTokens: 2000 }, (raw) => {
      const out = LlmMappingOutput.safeParse(raw);
      return out.success ? mappingColumnsCheck(body.target, body.columns, out.data.mapping) : { ok: false, problems: out.error.issues.map((i) => i.message) };
    });
  }, () => dictionary);
  if (result.engine === 'offline') return offline(result.note);
  await cacheMapping(deps, companyId, body.target, body.columns, result.data);
  return { mapping: result.data, engine: 'anthropic', model: provider.model, cacheHit: false, tokensIn: 0, tokensOut: 0 };
}
