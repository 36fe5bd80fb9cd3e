import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../app.js';
import { redisKey } from '../../db/redis.js';
import { verifySecret } from '../../security/secrets.js';
import { SyncError, syncUnauthorized } from './sync.errors.js';
import { findCompanyBySyncKey, type SyncCompany } from './sync.repo.js';

export type { SyncCompany };

/** A verified key+secret is remembered this long, so each batch does not pay for scrypt. */
export const AUTH_CACHE_SECONDS = 300;

const header = (req: Request, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
};

/**
 * `X-Sync-ApiKey` + `X-Sync-Secret` → the company. Missing/wrong → 401; a company that is not
 * active or has DB sync off → 403. The cache key hashes the secret together with the stored hash,
 * so rotating the secret invalidates cached verifications at once.
 */
export function authenticateSyncAgent(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    const apiKey = header(req, 'x-sync-apikey');
    const secret = header(req, 'x-sync-secret');
    if (!apiKey || !secret) throw syncUnauthorized();
    const company = await findCompanyBySyncKey(deps.db, apiKey);
    if (!company?.sync_secret_hash) throw syncUnauthorized();
    const cacheKey = redisKey(
      deps.config.redisPrefix,
      'sync-auth',
      createHash('sha256').update(`${company.id}\u0000${secret}\u0000${company.sync_secret_hash}`).digest('hex'),
    );
    const cached = await deps.redis.get(cacheKey).catch(() => null);
    if (cached !== company.id) {
      if (!(await verifySecret(secret, company.sync_secret_hash))) throw syncUnauthorized();
      await deps.redis.set(cacheKey, company.id, 'EX', AUTH_CACHE_SECONDS).catch(() => undefined);
    }
    if (company.status !== 'active') throw new SyncError('FORBIDDEN', 403, '고객사가 활성 상태가 아니어서 동기화할 수 없습니다.');
    if (!company.use_db_sync) throw new SyncError('FORBIDDEN', 403, '이 고객사는 DB 동기화가 꺼져 있습니다. 관리자에게 문의해 주세요.');
    res.locals.syncCompany = company;
    if (req.log) req.log = req.log.child({ companyId: company.id, syncAgent: true });
    next();
  };
}

export function getSyncCompany(res: Response): SyncCompany {
  const company = res.locals.syncCompany as SyncCompany | undefined;
  if (!company) throw syncUnauthorized();
  return company;
}

/** Per-company fixed window in Redis (shared by every API process). */
export function syncRateLimit(deps: AppDeps, perMinute: number): RequestHandler {
  return async (_req, res, next) => {
    const company = getSyncCompany(res);
    const nowMs = deps.now().getTime();
    const window = Math.floor(nowMs / 60_000);
    const key = redisKey(deps.config.redisPrefix, 'sync-rate', company.id, window);
    const results = await deps.redis.multi().incr(key).expire(key, 120).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    if (count > perMinute) {
      const retry = Math.max(1, Math.ceil(((window + 1) * 60_000 - nowMs) / 1000));
      throw new SyncError('RATE_LIMITED', 429, `요청이 너무 많습니다(분당 ${perMinute}회). ${retry}초 후에 다시 시도해 주세요.`, undefined, retry);
    }
    next();
  };
}
