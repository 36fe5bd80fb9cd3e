import type { ErrorCode } from '@hanjullo/shared';

/** The one application error. `message` is Korean and shown to people; `code` is for programs. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError('bad_request', 400, message, details);
export const validationFailed = (message: string, details?: unknown) =>
  new AppError('validation_failed', 400, message, details);
export const unauthorized = (message = '로그인이 필요합니다.') => new AppError('unauthorized', 401, message);
export const forbidden = (message = '이 작업을 할 권한이 없습니다.') => new AppError('forbidden', 403, message);
export const notFound = (what = '요청한 항목') => new AppError('not_found', 404, `${what}을(를) 찾을 수 없습니다.`);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', 409, message, details);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError('too_many_requests', 429, message, { retryAfterSeconds });
export const serviceUnavailable = (message: string, details?: unknown) =>
  new AppError('service_unavailable', 503, message, details);
