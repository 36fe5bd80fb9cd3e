import type { UploadStatus } from '@hanjullo/shared';
import { redisKey, type Redis } from '../../db/redis.js';

/**
 * Live import progress and the failure list, in Redis (every API process can answer a poll).
 * Kept 7 days; the final counts are also copied to `upload_jobs.result` when the import ends.
 */
export const FAILURES_KEPT = 10_000;
const TTL_SECONDS = 7 * 24 * 3600;

export interface ImportCounts {
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  total: number;
}

export interface ProgressState extends ImportCounts {
  status: UploadStatus;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  failuresStored: number;
}

export interface ImportFailure {
  row: number;
  phone: string;
  reason: string;
}

const progressKey = (prefix: string, id: string) => redisKey(prefix, 'upload', id, 'progress');
const failuresKey = (prefix: string, id: string) => redisKey(prefix, 'upload', id, 'failures');

export async function resetProgress(redis: Redis, prefix: string, id: string, total: number, status: UploadStatus): Promise<void> {
  await redis
    .multi()
    .del(progressKey(prefix, id), failuresKey(prefix, id))
    .hset(progressKey(prefix, id), { status, processed: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0, total, failuresStored: 0 })
    .expire(progressKey(prefix, id), TTL_SECONDS)
    .exec();
}

export async function saveProgress(redis: Redis, prefix: string, id: string, state: Partial<ProgressState>): Promise<void> {
  const fields = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v === null ? '' : String(v)]));
  await redis.multi().hset(progressKey(prefix, id), fields).expire(progressKey(prefix, id), TTL_SECONDS).exec();
}

/** Appends failures while fewer than FAILURES_KEPT are stored; returns how many are stored now. */
export async function appendFailures(redis: Redis, prefix: string, id: string, stored: number, failures: readonly ImportFailure[]): Promise<number> {
  const room = Math.max(0, FAILURES_KEPT - stored);
  const kept = failures.slice(0, room);
  if (kept.length === 0) return stored;
  await redis
    .multi()
    .rpush(failuresKey(prefix, id), ...kept.map((f) => JSON.stringify(f)))
    .expire(failuresKey(prefix, id), TTL_SECONDS)
    .exec();
  return stored + kept.length;
}

export async function readProgress(redis: Redis, prefix: string, id: string): Promise<ProgressState | null> {
  const h = await redis.hgetall(progressKey(prefix, id));
  if (!h.status) return null;
  const n = (k: string) => Number(h[k] ?? 0) || 0;
  const s = (k: string) => (h[k] ? (h[k] ?? null) : null);
  return {
    status: h.status as UploadStatus,
    processed: n('processed'),
    inserted: n('inserted'),
    updated: n('updated'),
    unchanged: n('unchanged'),
    failed: n('failed'),
    total: n('total'),
    startedAt: s('startedAt'),
    finishedAt: s('finishedAt'),
    error: s('error'),
    failuresStored: n('failuresStored'),
  };
}

export async function readFailures(redis: Redis, prefix: string, id: string): Promise<ImportFailure[]> {
  const items = await redis.lrange(failuresKey(prefix, id), 0, -1);
  return items.map((s) => JSON.parse(s) as ImportFailure);
}
