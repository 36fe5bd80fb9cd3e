import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';
import { AppError } from '../../errors.js';

/** Super-admin second factor: a 6-digit code, valid 5 minutes, 5 tries, then the challenge dies. */
export const CODE_TTL_SECONDS = 300;
export const MAX_TRIES = 5;

const key = (deps: AppDeps, id: string) => redisKey(deps.config.redisPrefix, '2fa', id);
const digest = (challengeId: string, code: string) => createHash('sha256').update(`${challengeId}:${code}`).digest();

export async function createChallenge(deps: AppDeps, superAdminId: string): Promise<{ challengeId: string; code: string }> {
  const challengeId = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const k = key(deps, challengeId);
  await deps.redis
    .multi()
    .hset(k, { adminId: superAdminId, codeHash: digest(challengeId, code).toString('base64'), tries: 0 })
    .expire(k, CODE_TTL_SECONDS)
    .exec();
  return { challengeId, code };
}

const dead = () => new AppError('two_factor_failed', 401, '인증 요청이 만료되었거나 시도 횟수를 초과했습니다. 다시 로그인해 주세요.');

/**
 * Checks a code. The try counter is incremented before comparing (atomic in Redis), so parallel
 * guesses cannot exceed the limit; a used or exhausted challenge is deleted.
 */
export async function verifyChallenge(deps: AppDeps, challengeId: string, code: string): Promise<string> {
  const k = key(deps, challengeId);
  const tries = await deps.redis.hincrby(k, 'tries', 1);
  const stored = await deps.redis.hgetall(k);
  if (!stored.adminId || !stored.codeHash) {
    await deps.redis.del(k);
    throw dead();
  }
  if (tries > MAX_TRIES) {
    await deps.redis.del(k);
    throw dead();
  }
  const expected = Buffer.from(stored.codeHash, 'base64');
  const actual = digest(challengeId, code);
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
    if ((await deps.redis.del(k)) === 1) return stored.adminId;
    throw dead();
  }
  if (tries >= MAX_TRIES) {
    await deps.redis.del(k);
    throw dead();
  }
  throw new AppError('two_factor_failed', 401, `인증번호가 일치하지 않습니다. (남은 시도 ${MAX_TRIES - tries}회)`, {
    remainingTries: MAX_TRIES - tries,
  });
}

export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length >= 10 ? `${d.slice(0, 3)}-****-${d.slice(-4)}` : '****';
}
