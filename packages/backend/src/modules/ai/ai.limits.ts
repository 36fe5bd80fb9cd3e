import { createHash } from 'node:crypto';
import { kstDate } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';
import { tooManyRequests } from '../../errors.js';

/** Per-company rate limit of the AI endpoints, monthly LLM call budget, and the mapping cache (Redis). */
export const AI_REQUESTS_PER_MINUTE = 20;
const MAPPING_CACHE_SECONDS = 30 * 24 * 3600;

type LimitDeps = Pick<AppDeps, 'redis' | 'config' | 'now'>;
const key = (deps: LimitDeps, ...parts: Array<string | number>) => redisKey(deps.config.redisPrefix, 'ai', ...parts);

/** 429 when the company made more than 20 AI requests in the current minute. */
export async function assertAiRateLimit(deps: LimitDeps, companyId: string): Promise<void> {
  const minute = Math.floor(deps.now().getTime() / 60_000);
  const k = key(deps, 'rate', companyId, minute);
  const [[, count] = [null, 0]] = ((await deps.redis.multi().incr(k).expire(k, 90).exec()) ?? []) as Array<[unknown, number]>;
  if (Number(count) > AI_REQUESTS_PER_MINUTE) {
    const wait = 60 - Math.floor((deps.now().getTime() % 60_000) / 1000);
    throw tooManyRequests(`AI 요청이 너무 많습니다(1분에 ${AI_REQUESTS_PER_MINUTE}회까지). ${wait}초 후에 다시 시도해 주세요.`, wait);
  }
}

const monthKey = (deps: LimitDeps, companyId: string) => key(deps, 'budget', companyId, kstDate(deps.now()).slice(0, 7));

export async function monthlyCallsUsed(deps: LimitDeps, companyId: string): Promise<number> {
  return Number((await deps.redis.get(monthKey(deps, companyId))) ?? 0);
}

export function budgetExhausted(deps: LimitDeps): ReturnType<typeof tooManyRequests> {
  const limit = deps.config.aiMonthlyCallsPerCompany;
  return tooManyRequests(`이번 달 AI 사용 한도(${limit.toLocaleString('ko-KR')}회)를 모두 사용했습니다. 다음 달 1일에 다시 사용할 수 있습니다. 한도 조정은 관리자에게 문의해 주세요.`, 3600);
}

/** Counts one LLM call; false (nothing counted) when the monthly budget is used up. */
export async function takeLlmCall(deps: LimitDeps, companyId: string): Promise<boolean> {
  const k = monthKey(deps, companyId);
  const count = await deps.redis.incr(k);
  await deps.redis.expire(k, 40 * 24 * 3600, 'NX');
  if (count <= deps.config.aiMonthlyCallsPerCompany) return true;
  await deps.redis.decr(k);
  return false;
}

const mappingKey = (deps: LimitDeps, companyId: string, target: string, columns: readonly string[]) =>
  key(deps, 'map', companyId, target, createHash('sha256').update(columns.join('\u0000')).digest('hex').slice(0, 32));

export async function findCachedMapping(deps: LimitDeps, companyId: string, target: string, columns: readonly string[]): Promise<Record<string, string | null> | null> {
  const raw = await deps.redis.get(mappingKey(deps, companyId, target, columns));
  return raw ? (JSON.parse(raw) as Record<string, string | null>) : null;
}

export async function cacheMapping(deps: LimitDeps, companyId: string, target: string, columns: readonly string[], mapping: Record<string, string | null>): Promise<void> {
  await deps.redis.set(mappingKey(deps, companyId, target, columns), JSON.stringify(mapping), 'EX', MAPPING_CACHE_SECONDS);
}
