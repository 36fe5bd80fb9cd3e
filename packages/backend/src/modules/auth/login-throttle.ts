import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';
import { tooManyRequests } from '../../errors.js';

/** 5 failed sign-ins within 10 minutes lock the account and the address (kept in Redis). */
export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 600;

const keys = (deps: AppDeps, loginId: string, ip: string) => [
  redisKey(deps.config.redisPrefix, 'login-fail', 'account', loginId.toLowerCase()),
  redisKey(deps.config.redisPrefix, 'login-fail', 'ip', ip),
];

function waitMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `로그인 실패가 ${MAX_FAILURES}회 누적되어 잠시 로그인이 제한됩니다. ${minutes}분 후에 다시 시도해 주세요.`;
}

/** Throws 429 with the remaining wait when the account or the address is locked. */
export async function assertNotLocked(deps: AppDeps, loginId: string, ip: string): Promise<void> {
  const ks = keys(deps, loginId, ip);
  const counts = await deps.redis.mget(...ks);
  for (let i = 0; i < ks.length; i++) {
    if (Number(counts[i] ?? 0) >= MAX_FAILURES) {
      const ttl = await deps.redis.ttl(ks[i]!);
      const wait = ttl > 0 ? ttl : WINDOW_SECONDS;
      throw tooManyRequests(waitMessage(wait), wait);
    }
  }
}

/** Counts one failure; returns true when this failure locked the account or the address. */
export async function recordFailure(deps: AppDeps, loginId: string, ip: string): Promise<boolean> {
  const tx = deps.redis.multi();
  for (const k of keys(deps, loginId, ip)) {
    tx.incr(k);
    tx.expire(k, WINDOW_SECONDS, 'NX');
  }
  const results = (await tx.exec()) ?? [];
  const account = Number(results[0]?.[1] ?? 0);
  const address = Number(results[2]?.[1] ?? 0);
  return account === MAX_FAILURES || address === MAX_FAILURES;
}

export async function clearAccountFailures(deps: AppDeps, loginId: string, ip: string): Promise<void> {
  await deps.redis.del(keys(deps, loginId, ip)[0]!);
}

export function lockedError(): ReturnType<typeof tooManyRequests> {
  return tooManyRequests(waitMessage(WINDOW_SECONDS), WINDOW_SECONDS);
}
