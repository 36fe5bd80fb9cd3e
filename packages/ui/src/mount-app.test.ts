import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client.js';
import { createQueryClient } from './mount-app.js';

describe('createQueryClient', () => {
  const retry = createQueryClient().getDefaultOptions().queries?.retry as (failureCount: number, error: unknown) => boolean;

  it('never retries a 4xx: asking again gets the same answer', () => {
    expect(retry(0, new ApiError(401, 'session_expired', '만료'))).toBe(false);
    expect(retry(0, new ApiError(404, 'not_found', '없음'))).toBe(false);
  });

  it('retries anything else exactly once', () => {
    expect(retry(0, new ApiError(0, 'network_error', '연결 실패'))).toBe(true);
    expect(retry(0, new ApiError(503, 'internal_error', '점검 중'))).toBe(true);
    expect(retry(1, new Error('boom'))).toBe(false);
  });
});
