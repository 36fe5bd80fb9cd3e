import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';

/**
 * Send-line lookups are cached in Redis for a minute. Invalidation must hold across several API
 * and worker processes, so instead of deleting keys (which races with a process that is just
 * writing an old value back) every cache key includes a generation number; a change INCRs the
 * generation, and every process's next lookup reads the new number and misses. Entries of old
 * generations simply expire.
 */
export const LINE_GROUP_CACHE_TTL_SECONDS = 60;

type CacheDeps = Pick<AppDeps, 'config' | 'redis' | 'logger'>;

function generationKey(deps: CacheDeps): string {
  return redisKey(deps.config.redisPrefix, 'line-groups', 'generation');
}

/**
 * Returns the cached value of `parts`, or loads, stores and returns it. Redis trouble never blocks
 * a send: the lookup then goes to PostgreSQL directly.
 */
export async function cachedLookup<T>(deps: CacheDeps, parts: string[], load: () => Promise<T>): Promise<T> {
  let key: string | undefined;
  try {
    const generation = (await deps.redis.get(generationKey(deps))) ?? '0';
    key = redisKey(deps.config.redisPrefix, 'line-groups', `g${generation}`, ...parts);
    const hit = await deps.redis.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message }, 'line-group cache read failed; reading PostgreSQL');
    key = undefined;
  }
  const value = await load();
  if (key) {
    try {
      await deps.redis.set(key, JSON.stringify(value), 'EX', LINE_GROUP_CACHE_TTL_SECONDS);
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'line-group cache write failed');
    }
  }
  return value;
}

/** Call after a line-group change has committed. */
export async function invalidateLineGroupCache(deps: CacheDeps): Promise<void> {
  try {
    await deps.redis.incr(generationKey(deps));
  } catch (err) {
    // the change is committed; other processes see it once their cached entries expire (≤ 60 s)
    deps.logger.error({ err: (err as Error).message }, 'line-group cache invalidation failed');
  }
}
