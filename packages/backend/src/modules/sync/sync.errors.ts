import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { SyncErrorCode, SyncErrorResponse } from '@hanjullo/shared';
import type { Logger } from '../../logger.js';

/**
 * Errors of the agent API. The agent reacts to the status (401/403 stop, 400 skips the batch,
 * 5xx retries with back-off), so only real server faults answer 5xx. Body: the sync envelope
 * `{ success: false, error: { code, message } }`, not the app's ErrorBody.
 */
export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export const syncUnauthorized = () => new SyncError('UNAUTHORIZED', 401, 'API 키 또는 시크릿이 올바르지 않습니다.');

/** 30 MB: a 10,000-row batch of wide customer rows with room to spare (the global limit is 2 MB). */
export const SYNC_BODY_LIMIT = '30mb';

function toSyncError(err: unknown): SyncError | undefined {
  if (err instanceof SyncError) return err;
  const e = (err ?? {}) as { type?: string; code?: string; name?: string; status?: number; message?: string };
  if (e.type === 'entity.too.large') {
    return new SyncError('PAYLOAD_TOO_LARGE', 413, `요청 본문이 ${SYNC_BODY_LIMIT} 제한을 넘었습니다. 배치 크기(sync.batchSize)를 줄여 주세요.`);
  }
  if (e.type === 'entity.parse.failed') return new SyncError('VALIDATION_FAILED', 400, '요청 본문이 올바른 JSON이 아닙니다.');
  if (e.name === 'AppError' && typeof e.status === 'number' && e.status < 500) {
    const code: SyncErrorCode = e.status === 401 ? 'UNAUTHORIZED' : e.status === 403 ? 'FORBIDDEN' : e.status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    return new SyncError(code, e.status, e.message ?? '요청을 처리할 수 없습니다.', (err as { details?: unknown }).details);
  }
  return undefined;
}

export function sendSyncError(res: Response, err: SyncError): void {
  const body: SyncErrorResponse = {
    success: false,
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
      ...(err.retryAfterSeconds === undefined ? {} : { retry_after_seconds: err.retryAfterSeconds }),
    },
    ...(err.retryAfterSeconds === undefined ? {} : { retry_after_seconds: err.retryAfterSeconds }),
  };
  if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
  res.status(err.status).json(body);
}

const logOf = (req: Request, fallback: Logger) => (req.log as Logger | undefined) ?? fallback;

/** The sync routes' own error middleware (mounted at the end of the sync router). */
export function syncErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toSyncError(err);
    if (!known) logOf(req, logger).error({ err }, 'sync API: unhandled error');
    else if (known.status >= 400 && known.code !== 'RATE_LIMITED') logOf(req, logger).warn({ code: known.code, message: known.message }, 'sync API refused a request');
    sendSyncError(res, known ?? new SyncError('INTERNAL_ERROR', 500, '서버에서 오류가 발생했습니다. 잠시 후 다시 시도됩니다.'));
  };
}

const parser = express.json({ limit: SYNC_BODY_LIMIT });

/**
 * The JSON body parser of `/api/sync` (30 MB). Mount it BEFORE the global `express.json` (2 MB):
 * a body it has parsed is skipped by the global one. Errors (too large, bad JSON) answer in the
 * sync envelope here, because an error raised before the sync router never reaches its handler.
 */
export const syncBodyParser: RequestHandler = (req, res, next) => {
  if (!req.originalUrl.startsWith('/api/sync/')) {
    next();
    return;
  }
  parser(req, res, (err?: unknown) => {
    if (!err) {
      next();
      return;
    }
    const known = toSyncError(err) ?? new SyncError('VALIDATION_FAILED', 400, '요청 본문을 읽을 수 없습니다.');
    if (req.log) req.log.warn({ code: known.code }, 'sync API: body refused');
    sendSyncError(res, known);
  });
};
