import { ERROR_CODES, ErrorResponse, type ErrorCode } from '@hanjullo/shared';
import type { z } from 'zod';
import { noteServerDate } from '../lib/server-clock.js';
import { endSession, getToken, SESSION_NOTICES, touchSession } from '../session.js';

/** Server codes plus the two failures only the client can see. */
export type ApiErrorCode = ErrorCode | 'network_error' | 'invalid_response';

export const NETWORK_ERROR_MESSAGE = '서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.';
export const INVALID_RESPONSE_MESSAGE = '서버 응답을 이해하지 못했습니다. 잠시 후 다시 시도해 주세요.';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Parses the successful body; without it the body is returned as `unknown`. */
  schema?: z.ZodType<T>;
  /** Non-2xx statuses whose body is still the answer (e.g. 503 from /health when degraded). */
  acceptStatuses?: readonly number[];
  signal?: AbortSignal;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Turns a failed response into an ApiError. The API always answers errors with
 * `{ error: { code, message } }` (Korean message); anything else (a proxy's 502 page, an empty 500
 * from the dev proxy, a 404 because the API is not there) means we never reached it.
 */
export function toApiError(status: number, text: string): ApiError {
  const parsed = ErrorResponse.safeParse(parseJson(text));
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(status, isErrorCode(code) ? code : 'internal_error', message, details);
  }
  if (status === 404 || status >= 500) {
    return new ApiError(status, 'network_error', NETWORK_ERROR_MESSAGE);
  }
  return new ApiError(status, 'invalid_response', `요청을 처리하지 못했습니다. (HTTP ${status})`);
}

/** Decides what a response means: the parsed body, or the ApiError to throw. */
export function parseResponse<T>(
  status: number,
  text: string,
  options: Pick<RequestOptions<T>, 'schema' | 'acceptStatuses'> = {},
): T {
  const isAnswer = (status >= 200 && status < 300) || (options.acceptStatuses ?? []).includes(status);
  if (!isAnswer) throw toApiError(status, text);
  const body = parseJson(text);
  if (!options.schema) return body as T;
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) throw new ApiError(status, 'invalid_response', INVALID_RESPONSE_MESSAGE, parsed.error.issues);
  return parsed.data;
}

/** What the login page says after the server ended a session (401 to a request that carried a token). */
export function sessionEndNotice(error: ApiError): string {
  if (error.code === 'session_replaced') return SESSION_NOTICES.replaced;
  if (error.code === 'session_expired') return SESSION_NOTICES.expired;
  return error.message;
}

export async function apiRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
  }
  noteServerDate(response.headers.get('date'));
  const text = await response.text();
  // The server ended this session (replaced, idle, logged out elsewhere): back to the login page,
  // saying why. A late answer for an older session must not end the current one.
  if (token !== null && response.status === 401 && getToken() === token) {
    const error = toApiError(response.status, text);
    endSession(sessionEndNotice(error));
    throw error;
  }
  const result = parseResponse(response.status, text, options);
  if (token !== null) touchSession();
  return result;
}

/** The Korean message to show for any error a query or mutation produced. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : '알 수 없는 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.';
}
