/**
 * Every error code the API can answer with. The SPAs switch on `code`; `message` is Korean and
 * meant for people. Adding a code here is the only way to introduce a new one.
 */
export const ERROR_CODES = [
  'validation_failed',
  'bad_request',
  'unauthorized',
  'session_replaced',
  'session_expired',
  'forbidden',
  'wrong_surface',
  'password_change_required',
  'two_factor_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'too_many_requests',
  'insufficient_balance',
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: unknown;
    requestId?: string;
  };
}
