import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody } from '@hanjullo/shared';
import { AppError } from '../errors.js';

interface HttpLikeError {
  type?: string;
  status?: number;
  code?: string;
  name?: string;
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as HttpLikeError;
  if (e.type === 'entity.too.large') return new AppError('payload_too_large', 413, '요청 크기가 너무 큽니다.');
  if (e.type === 'entity.parse.failed') return new AppError('bad_request', 400, '요청 본문이 올바른 JSON이 아닙니다.');
  // PostgreSQL unique_violation
  if (e.code === '23505') return new AppError('conflict', 409, '이미 존재하는 항목입니다.');
  // PostgreSQL refuses a NUL byte (22021) or a character it cannot store (22P05): the input's fault
  if (e.code === '22021' || e.code === '22P05') {
    return new AppError('validation_failed', 400, '입력에 쓸 수 없는 문자(제어 문자 등)가 있습니다.');
  }
  if (e.name === 'JWTExpired' || e.code === 'ERR_JWT_EXPIRED') {
    return new AppError('session_expired', 401, '세션이 만료되었습니다. 다시 로그인해 주세요.');
  }
  if (typeof e.code === 'string' && e.code.startsWith('ERR_JW')) {
    return new AppError('unauthorized', 401, '인증 정보가 올바르지 않습니다.');
  }
  return undefined;
}

/** The one error middleware: known errors answer with their status, everything else a logged 500. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toAppError(err);
  const requestId = typeof req.id === 'string' ? req.id : undefined;
  if (!known) req.log.error({ err }, 'unhandled error');
  const appError = known ?? new AppError('internal_error', 500, '서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.');
  if (appError.code === 'too_many_requests') {
    const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) res.setHeader('Retry-After', String(retry));
  }
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details === undefined ? {} : { details: appError.details }),
      ...(requestId ? { requestId } : {}),
    },
  };
  res.status(appError.status).json(body);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 404, `요청한 경로를 찾을 수 없습니다: ${req.method} ${req.path}`));
};
