import type { SyncType } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';
import { SyncError } from './sync.errors.js';

/** A full sync that sent nothing for this long is considered dead and its lock lapses. */
export const FULL_SYNC_STALE_MS = 30 * 60_000;

const lockKey = (deps: AppDeps, companyId: string, type: SyncType) => redisKey(deps.config.redisPrefix, 'sync-full', companyId, type);

/**
 * One full sync per company (and data type) at a time. Requests carry no agent id, so the holder
 * is identified by the caller's address: batch 0 (or a batch without an index) starts a full
 * sync and takes the lock — refused with 429 SYNC_IN_PROGRESS while another address holds it,
 * allowed when the holder itself restarts. Later batches (index > 0) renew the lock's 30-minute
 * lease. The lock is released after the last batch (`batchIndex === totalBatches - 1`), by the
 * agent's `/log` for that type, or when it goes stale.
 */
export async function acquireFullSyncLock(
  deps: AppDeps,
  companyId: string,
  type: SyncType,
  holder: string,
  batchIndex: number | undefined,
): Promise<void> {
  const key = lockKey(deps, companyId, type);
  if (batchIndex !== undefined && batchIndex > 0) {
    await deps.redis.set(key, holder, 'PX', FULL_SYNC_STALE_MS);
    return;
  }
  const taken = await deps.redis.set(key, holder, 'PX', FULL_SYNC_STALE_MS, 'NX');
  if (taken === 'OK') return;
  const current = await deps.redis.get(key);
  if (current === holder || current === null) {
    await deps.redis.set(key, holder, 'PX', FULL_SYNC_STALE_MS);
    return;
  }
  const ttlMs = await deps.redis.pttl(key);
  const retry = Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : FULL_SYNC_STALE_MS) / 1000));
  throw new SyncError('SYNC_IN_PROGRESS', 429, '이 고객사의 전체 동기화가 이미 진행 중입니다. 끝난 뒤에 다시 시도해 주세요.', undefined, retry);
}

export async function releaseFullSyncLock(deps: AppDeps, companyId: string, type: SyncType): Promise<void> {
  await deps.redis.del(lockKey(deps, companyId, type));
}
