import { HealthResponse } from '@hanjullo/shared';
import { describe, expect, it } from 'vitest';
import { SESSION_NOTICES } from '../session.js';
import { ApiError, NETWORK_ERROR_MESSAGE, parseResponse, sessionEndNotice, toApiError } from './client.js';

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('toApiError', () => {
  it('keeps the code and Korean message of an API error body', () => {
    const body = JSON.stringify({ error: { code: 'unauthorized', message: '아이디 또는 비밀번호가 올바르지 않습니다.' } });
    const error = toApiError(401, body);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: '아이디 또는 비밀번호가 올바르지 않습니다.' });
  });

  it('maps a code the client does not know to internal_error but keeps the message', () => {
    const error = toApiError(500, JSON.stringify({ error: { code: 'brand_new', message: '새 오류' } }));
    expect(error).toMatchObject({ code: 'internal_error', message: '새 오류' });
  });

  it('reports an unreachable server for non-JSON 404/5xx (dev proxy, nginx 502)', () => {
    for (const [status, text] of [[404, 'Cannot POST /api/auth/login'], [500, ''], [502, '<html>Bad Gateway</html>']] as const) {
      expect(toApiError(status, text)).toMatchObject({ status, code: 'network_error', message: NETWORK_ERROR_MESSAGE });
    }
  });

  it('names the status of an unexplained 4xx', () => {
    expect(toApiError(418, 'teapot')).toMatchObject({ code: 'invalid_response', message: '요청을 처리하지 못했습니다. (HTTP 418)' });
  });
});

describe('parseResponse', () => {
  const degraded = {
    status: 'degraded',
    checks: { postgres: { ok: true, latencyMs: 3 }, mysql: { ok: true, latencyMs: 5 }, redis: { ok: false, error: 'ECONNREFUSED' } },
    down: ['redis'],
  };

  it('returns the body of a 503 it was told to accept, parsed by the schema', () => {
    const health = parseResponse(503, JSON.stringify(degraded), { schema: HealthResponse, acceptStatuses: [503] });
    expect(health.checks.redis.ok).toBe(false);
    expect(health.down).toEqual(['redis']);
  });

  it('throws for a 503 that was not accepted', () => {
    expect(thrown(() => parseResponse(503, JSON.stringify(degraded), { schema: HealthResponse })).code).toBe('network_error');
  });

  it('throws invalid_response when a 200 body does not match the schema', () => {
    const error = thrown(() => parseResponse(200, JSON.stringify({ status: 'fine' }), { schema: HealthResponse }));
    expect(error.code).toBe('invalid_response');
  });

  it('returns undefined for an empty 204 without a schema', () => {
    expect(parseResponse(204, '')).toBeUndefined();
  });
});

describe('sessionEndNotice', () => {
  const ended = (code: string, message: string) => toApiError(401, JSON.stringify({ error: { code, message } }));

  it('says another login replaced the session, whatever the server worded', () => {
    expect(sessionEndNotice(ended('session_replaced', '다른 곳에서 같은 계정으로 로그인하여 이 세션이 종료되었습니다.'))).toBe(SESSION_NOTICES.replaced);
    expect(SESSION_NOTICES.replaced).toContain('다른 곳에서 로그인하여 로그아웃되었습니다');
  });

  it('says the session ended for inactivity on session_expired', () => {
    expect(sessionEndNotice(ended('session_expired', '오랫동안 사용하지 않아 로그아웃되었습니다.'))).toBe(SESSION_NOTICES.expired);
    expect(SESSION_NOTICES.expired).toContain('장시간 미사용으로 로그아웃되었습니다');
  });

  it("keeps the server's message for any other 401 (e.g. password changed elsewhere)", () => {
    expect(sessionEndNotice(ended('unauthorized', '비밀번호가 변경되어 다시 로그인해야 합니다.'))).toBe('비밀번호가 변경되어 다시 로그인해야 합니다.');
  });
});
