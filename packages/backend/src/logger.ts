import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Paths never written to logs: credentials, secrets, tokens (incl. the 080 callback token). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-sync-secret"]',
  'req.headers["x-sync-apikey"]',
  'req.headers["x-spam-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.oldPassword',
  '*.apiSecret',
  '*.secret',
  '*.token',
];

export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>, name = 'api'): Logger {
  return pino({
    name,
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(config.logPretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });
}

// cid: the caller's phone number in the 080 opt-out callback (personal data)
const SENSITIVE_QUERY_PARAMS = new Set(['token', 'secret', 'apiSecret', 'password', 'code', 'cid']);

/** Removes secret query parameters from a URL before it is logged. */
export function scrubUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SENSITIVE_QUERY_PARAMS.has(key)) {
      params.set(key, '[redacted]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}
