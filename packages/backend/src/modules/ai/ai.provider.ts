import type { AppDeps } from '../../app.js';
import { takeLlmCall } from './ai.limits.js';

/**
 * The LLM behind the assistant. Only Anthropic exists today (`anthropic.provider.ts`); with no
 * API key there is no provider and the offline engine answers. Prompts hold the company's
 * catalog, value lists and aggregates only — never customer rows or phone numbers.
 */
export interface LlmRequest {
  system: string;
  user: string;
  maxTokens: number;
}

export interface LlmReply {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

export interface AiProvider {
  readonly name: 'anthropic';
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmReply>;
}

export type AiFeature = 'recommend_target' | 'generate_message' | 'map_columns';

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: string[] };

export class LlmFailure extends Error {
  constructor(message: string, readonly reason: 'invalid_output' | 'error' | 'budget') {
    super(message);
    this.name = 'LlmFailure';
  }
}

/** Korean note shown when the LLM could not answer and the offline engine did. */
export const OFFLINE_FALLBACK_NOTE = 'AI 서버에 연결할 수 없거나 응답이 올바르지 않아 기본 규칙 엔진으로 결과를 만들었습니다. 내용을 확인한 뒤 사용해 주세요.';

/** The first JSON object in a reply (a ```json fence or bare text). */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end <= start) throw new SyntaxError('no JSON object in the reply');
  return JSON.parse(fenced.slice(start, end + 1)) as unknown;
}

export interface JsonCallContext {
  deps: Pick<AppDeps, 'logger' | 'redis' | 'config' | 'now'>;
  provider: AiProvider;
  companyId: string;
  feature: AiFeature;
}

/**
 * One structured call: the reply must be JSON that `check` accepts; an invalid reply earns exactly
 * one retry that tells the model what was wrong. Every call is counted against the monthly budget
 * and logged (model, tokens, latency, outcome). Throws `LlmFailure` when no valid answer came.
 */
export async function completeJson<T>(call: JsonCallContext, request: LlmRequest, check: (raw: unknown) => Checked<T>): Promise<T> {
  let user = request.user;
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    if (!(await takeLlmCall(call.deps, call.companyId))) throw new LlmFailure('monthly budget used up', 'budget');
    const started = Date.now();
    let reply: LlmReply;
    try {
      reply = await call.provider.complete({ ...request, user });
    } catch (err) {
      logCall(call, { attempt, latencyMs: Date.now() - started, tokensIn: 0, tokensOut: 0, outcome: 'error', error: (err as Error).name });
      throw new LlmFailure((err as Error).message, 'error');
    }
    let problems: string[];
    try {
      const checked = check(extractJson(reply.text));
      if (checked.ok) {
        logCall(call, { attempt, latencyMs: Date.now() - started, tokensIn: reply.tokensIn, tokensOut: reply.tokensOut, outcome: 'ok' });
        return checked.data;
      }
      problems = checked.problems;
    } catch (err) {
      problems = [`JSON이 아닙니다: ${(err as Error).message}`];
    }
    logCall(call, { attempt, latencyMs: Date.now() - started, tokensIn: reply.tokensIn, tokensOut: reply.tokensOut, outcome: 'invalid', error: problems.slice(0, 3).join(' | ') });
    user = `${request.user}\n\n이전 응답이 규칙에 맞지 않았습니다:\n- ${problems.slice(0, 10).join('\n- ')}\n지시한 JSON 형식만 다시 출력하세요.`;
  }
  throw new LlmFailure('invalid output twice', 'invalid_output');
}

interface CallLog {
  attempt: number;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  outcome: 'ok' | 'invalid' | 'error';
  error?: string;
}

function logCall(call: JsonCallContext, entry: CallLog): void {
  call.deps.logger.info(
    { aiCall: { feature: call.feature, companyId: call.companyId, engine: call.provider.name, model: call.provider.model, ...entry } },
    'ai llm call',
  );
}

/** One line per answered request: which engine answered and whether it was a fallback. */
export function logAiOutcome(
  deps: Pick<AppDeps, 'logger'>,
  entry: { feature: AiFeature; companyId: string; engine: 'anthropic' | 'offline'; model: string | null; fallback: boolean; latencyMs: number; reason?: string },
): void {
  deps.logger.info({ aiRequest: entry }, 'ai request');
}
