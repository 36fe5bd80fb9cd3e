import { parseSmsTables } from '@hanjullo/shared';
import { z } from 'zod';

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
});

export class SimConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimConfigError';
  }
}

/** Parses the environment (default `process.env`); throws listing every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): SimConfig {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v === '' && k !== 'SMS_TABLES' ? undefined : v]),
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
  });
}

/** MariaDB server URL (no database) the tests create their throwaway databases on. */
export function readTestMysqlUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
}
