import { isIP } from 'node:net';

/**
 * An address fit for an `inet` column, or null. `req.ip` is whatever the trusted proxy put in
 * X-Forwarded-For; a malformed value must never turn a request into a 500.
 */
export function validIp(ip: string | null | undefined): string | null {
  return ip && isIP(ip) !== 0 ? ip : null;
}
