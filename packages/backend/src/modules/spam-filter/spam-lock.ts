import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';

/**
 * The global "phones are busy" lock (SPEC § E): one test at a time on the shared test phones, so
 * a report can never be confused between two companies' tests. The value names the holder
 * (`companyId:testId`); the TTL only covers a crashed holder — the verdict job refreshes it for
 * the running test, and the start transaction double-checks in PostgreSQL.
 */

const LOCK_TTL_MS = 10 * 60_000;

const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LockHolder {
  companyId: string;
  testId: string;
}

const keyOf = (deps: AppDeps): string => redisKey(deps.config.redisPrefix, 'spam-filter', 'phones-lock');
const valueOf = (h: LockHolder): string => `${h.companyId}:${h.testId}`;

/** True when the test holds the lock now (newly taken or already its own; the TTL is renewed). */
export async function acquirePhonesLock(deps: AppDeps, holder: LockHolder): Promise<boolean> {
  const key = keyOf(deps);
  if ((await deps.redis.set(key, valueOf(holder), 'PX', LOCK_TTL_MS, 'NX')) === 'OK') return true;
  if ((await deps.redis.get(key)) !== valueOf(holder)) return false;
  await deps.redis.pexpire(key, LOCK_TTL_MS);
  return true;
}

export async function findPhonesLockHolder(deps: AppDeps): Promise<LockHolder | null> {
  const value = await deps.redis.get(keyOf(deps));
  const [companyId, testId] = value?.split(':') ?? [];
  return companyId && testId ? { companyId, testId } : null;
}

/** Releases the lock only if this test holds it. */
export async function releasePhonesLock(deps: AppDeps, holder: LockHolder): Promise<void> {
  await deps.redis.eval(RELEASE_SCRIPT, 1, keyOf(deps), valueOf(holder));
}
