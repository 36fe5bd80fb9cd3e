import { describe, expect, it } from 'vitest';
import { digitsOf, isAllowedIp, normalizeIp, tokenMatches } from './callback-080.guard.js';

describe('080 callback guard', () => {
  it('normalises IPv4-mapped IPv6 addresses on both sides of the allowlist', () => {
    expect(normalizeIp('::ffff:121.156.104.161')).toBe('121.156.104.161');
    expect(normalizeIp('::1')).toBe('::1');
    expect(isAllowedIp('::ffff:183.98.207.13', ['121.156.104.161', '183.98.207.13'])).toBe(true);
    expect(isAllowedIp('121.156.104.161', ['::ffff:121.156.104.161'])).toBe(true);
    expect(isAllowedIp('121.156.104.166', ['121.156.104.161'])).toBe(false);
    expect(isAllowedIp(undefined, ['127.0.0.1'])).toBe(false);
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokenMatches('dev-080-token', 'dev-080-token')).toBe(true);
    expect(tokenMatches('dev-080-toke', 'dev-080-token')).toBe(false);
    expect(tokenMatches('', 'dev-080-token')).toBe(false);
    expect(tokenMatches('x'.repeat(5000), 'dev-080-token')).toBe(false);
  });

  it('keeps digits only', () => {
    expect(digitsOf('080-719-6700')).toBe('0807196700');
    expect(digitsOf('1'.repeat(40))).toHaveLength(20);
  });
});
