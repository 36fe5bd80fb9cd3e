import { parseSmsTables } from '@hanjullo/shared';
import { z } from 'zod';
import type { CarrierBlockRule, PhoneCarrier, TestPhone } from './test-phones.js';

/** The only reader of `process.env` in this package. */

export interface DelayRange {
  readonly min: number;
  readonly max: number;
}

export interface SimConfig {
  readonly tables: readonly string[];
  readonly mysqlUrl: string;
  readonly pollMs: number;
  readonly batch: number;
  /** Messages per second per agent; 0 = unlimited. */
  readonly ratePerSec: number;
  readonly reportDelayMs: DelayRange;
  readonly moveDelayMs: DelayRange;
  readonly seed: number;
  /** false = production-like: the agent's DB user cannot create tables, rows stay at rsv1 4. */
  readonly createMissingLogTable: boolean;
  /** Time zone the agent writes `mobsend_time` / `repmsg_recvtm` in (QTMSG.md §2). */
  readonly reportTz: string;
  readonly httpPort: number;
  readonly rulesFile: string | undefined;
  readonly unregisteredCallbacks: readonly string[];
  readonly spamWords: readonly string[];
  /** Simulated spam-test phones (one per carrier); empty = none. */
  readonly testPhones: readonly TestPhone[];
  /** "Carrier X's filter swallows content containing …" (delivered code, no report). */
  readonly carrierBlockRules: readonly CarrierBlockRule[];
  /** The API the phones register and report to, and the app token they send. */
  readonly apiUrl: string;
  readonly spamToken: string;
}

/** `pnpm start` (NODE_ENV=development) shows received and blocked verdicts out of the box. */
export const DEV_TEST_PHONES = 'SKT:01090020001,KT:01090020002,LGU:01090020003';
export const DEV_CARRIER_BLOCK_RULES = 'KT:무료 대출';

const CARRIERS: readonly PhoneCarrier[] = ['SKT', 'KT', 'LGU'];

/** `CARRIER:value` pairs separated by commas; the carrier is SKT, KT or LGU (LG U+ accepted). */
function carrierPairs(raw: string, ctx: z.RefinementCtx, check: (value: string) => boolean): Array<[PhoneCarrier, string]> {
  const out: Array<[PhoneCarrier, string]> = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = item.indexOf(':');
    const carrier = item.slice(0, Math.max(at, 0)).toUpperCase().replace(/[\s+]/g, '').replace(/^LG$/, 'LGU') as PhoneCarrier;
    const value = item.slice(at + 1).trim();
    if (at < 0 || !CARRIERS.includes(carrier) || !check(value)) {
      ctx.addIssue({ code: 'custom', message: `expected CARRIER:value with CARRIER in SKT|KT|LGU, got ${JSON.stringify(item)}` });
      continue;
    }
    out.push([carrier, value]);
  }
  return out;
}

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** `"300-1500"` or `"500"` (fixed). */
const delayRange = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx): DelayRange => {
      const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(raw);
      const min = Number(m?.[1]);
      const max = m?.[2] === undefined ? min : Number(m[2]);
      if (!m || max < min) {
        ctx.addIssue({ code: 'custom', message: `expected "<ms>" or "<min>-<max>", got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return { min, max };
    });

const list = z
  .string()
  .default('')
  .transform((raw) => raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0));

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const timeZone = z
  .string()
  .default('UTC')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown IANA time zone');

const EnvSchema = z.object({
  SMS_TABLES: z.string().optional().transform((raw, ctx) => {
    try {
      return parseSmsTables(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  MYSQL_URL: z.string().url().default('mysql://root@127.0.0.1:3306/smsdb'),
  SIM_POLL_MS: int(1000, 1),
  SIM_BATCH: int(500, 1),
  SIM_RATE_PER_SEC: int(100),
  SIM_REPORT_DELAY_MS: delayRange('300-1500'),
  SIM_MOVE_DELAY_MS: delayRange('1000-3000'),
  SIM_SEED: int(1),
  SIM_CREATE_MISSING_LOG_TABLE: bool,
  QTMSG_REPORT_TZ: timeZone,
  SIM_HTTP_PORT: int(9100),
  SIM_RULES_FILE: z.string().optional().transform((v) => (v?.trim() ? v.trim() : undefined)),
  SIM_UNREGISTERED_CALLBACKS: list,
  SIM_SPAM_WORDS: list,
  NODE_ENV: z.string().optional(),
  SIM_TEST_PHONES: z.string().optional(),
  SIM_CARRIER_BLOCK_RULES: z.string().optional(),
  SIM_API_URL: z.string().url().default('http://127.0.0.1:3000'),
  SIM_SPAM_TOKEN: z.string().optional(),
  SPAM_APP_TOKEN: z.string().optional(),
}).transform((e, ctx) => {
  const dev = e.NODE_ENV === 'development';
  const phones = carrierPairs(e.SIM_TEST_PHONES ?? (dev ? DEV_TEST_PHONES : ''), ctx, (v) => /^01\d{8,9}$/.test(v));
  const rules = carrierPairs(e.SIM_CARRIER_BLOCK_RULES ?? (dev ? DEV_CARRIER_BLOCK_RULES : ''), ctx, (v) => v.length > 0);
  return {
    ...e,
    testPhones: phones.map(([carrier, phone]): TestPhone => ({ carrier, phone })),
    carrierBlockRules: rules.map(([carrier, contains]): CarrierBlockRule => ({ carrier, contains })),
    spamToken: e.SIM_SPAM_TOKEN ?? e.SPAM_APP_TOKEN ?? 'dev-spam-token',
  };
});

const KEEP_EMPTY = new Set(['SMS_TABLES', 'SIM_TEST_PHONES', 'SIM_CARRIER_BLOCK_RULES']);

export class SimConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimConfigError';
  }
}

/** Parses the environment (default `process.env`); throws listing every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): SimConfig {
  const blankToUndefined = Object.fromEntries(
    // an empty list is meaningful for these (e.g. no test phones in development)
    Object.entries(env).map(([k, v]) => [k, v === '' && !KEEP_EMPTY.has(k) ? undefined : v]),
  );
  const parsed = EnvSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SimConfigError(`invalid qtmsg-sim configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    tables: Object.freeze(e.SMS_TABLES),
    mysqlUrl: e.MYSQL_URL,
    pollMs: e.SIM_POLL_MS,
    batch: e.SIM_BATCH,
    ratePerSec: e.SIM_RATE_PER_SEC,
    reportDelayMs: e.SIM_REPORT_DELAY_MS,
    moveDelayMs: e.SIM_MOVE_DELAY_MS,
    seed: e.SIM_SEED,
    createMissingLogTable: e.SIM_CREATE_MISSING_LOG_TABLE,
    reportTz: e.QTMSG_REPORT_TZ,
    httpPort: e.SIM_HTTP_PORT,
    rulesFile: e.SIM_RULES_FILE,
    unregisteredCallbacks: Object.freeze(e.SIM_UNREGISTERED_CALLBACKS),
    spamWords: Object.freeze(e.SIM_SPAM_WORDS),
    testPhones: Object.freeze(e.testPhones),
    carrierBlockRules: Object.freeze(e.carrierBlockRules),
    apiUrl: e.SIM_API_URL,
    spamToken: e.spamToken,
  });
}

/** MariaDB server URL (no database) the tests create their throwaway databases on. */
export function readTestMysqlUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
}
