import { createHash, timingSafeEqual } from 'node:crypto';

/** `::ffff:121.156.104.161` (an IPv4 client on a dual-stack socket) → `121.156.104.161`. */
export function normalizeIp(ip: string): string {
  const lower = ip.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

/** The client address (Express `req.ip`: the real client behind the loopback nginx) is on the allowlist. */
export function isAllowedIp(ip: string | undefined, allowed: readonly string[]): boolean {
  if (!ip) return false;
  const client = normalizeIp(ip);
  return allowed.some((a) => normalizeIp(a) === client);
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time token check: equal-length digests, so neither content nor length leaks by timing. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** Digits only, bounded (the 080 number as stored on companies). */
export function digitsOf(value: string, max = 20): string {
  return value.replace(/\D/g, '').slice(0, max);
}
