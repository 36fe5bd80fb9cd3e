import { Redis } from 'ioredis';

export type { Redis };

/**
 * App Redis client. Commands time out after 2 s while Redis is away (health checks and rate
 * limits must not hang); BullMQ gets its own connections with `maxRetriesPerRequest: null` (see jobs/).
 */
export function createRedis(url: string, onError?: (err: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 2000,
  });
  // without a listener ioredis prints every reconnect failure as an unhandled error event
  let lastReport = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    onError?.(err);
  });
  return redis;
}

/** Namespaced key: every key we write starts with the configured prefix (tests get their own). */
export function redisKey(prefix: string, ...parts: Array<string | number>): string {
  return [prefix, ...parts].join(':');
}
