import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { parseSmsTables, SmsTableError } from '@hanjullo/shared';

/**
 * The only reader of `process.env`. Every variable is parsed once at boot; a bad value stops the
 * process with one line naming every problem, so a misconfigured deploy never half-starts.
 */

/** Narae Internet's ARS callback servers (production default of NARAE_080_ALLOWED_IPS). */
const NARAE_PRODUCTION_IPS = '121.156.104.161,121.156.104.162,121.156.104.163,121.156.104.164,121.156.104.165,183.98.207.13';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-not-for-production-0000';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: booleanish.optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/hanjullo'),
    MYSQL_URL: z.url({ protocol: /^mysql$/ }).default('mysql://hanjullo_app:hanjullo_app_dev@127.0.0.1:3306/smsdb'),
    MYSQL_ADMIN_URL: z.url({ protocol: /^mysql$/ }).default('mysql://root@127.0.0.1:3306/smsdb'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i).default('hj'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SMS_TABLES: z
      .string()
      .optional()
      .superRefine((raw, ctx) => {
        try {
          parseSmsTables(raw);
        } catch (err) {
          if (!(err instanceof SmsTableError)) throw err;
          ctx.addIssue({ code: 'custom', message: err.message });
        }
      }),
    TRUST_PROXY: z.string().default('loopback'),
    QTMSG_REPORT_TZ: z
      .string()
      .default('UTC')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as UTC or Asia/Seoul'),
    UPLOAD_DIR: z.string().min(1).optional(),
    NARAE_080_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
    NARAE_080_ALLOWED_IPS: z.string().optional(),
    SPAM_APP_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-5'),
    AI_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    AI_MONTHLY_CALLS_PER_COMPANY: z.coerce.number().int().min(0).default(2000),
    PASSWORD_ROUNDS: z.coerce.number().int().min(4).max(15).optional(),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    SUPER_ADMIN_SESSION_MINUTES: z.coerce.number().int().min(5).max(480).default(30),
    PLATFORM_CALLBACK_NUMBER: z.string().regex(/^0\d{7,11}$/, 'digits only, a registered sender number').default('0212345678'),
    GIT_COMMIT: z.string().optional(),
  });

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  host: string;
  port: number;
  logLevel: string;
  logPretty: boolean;
  databaseUrl: string;
  mysqlUrl: string;
  mysqlAdminUrl: string;
  redisUrl: string;
  redisPrefix: string;
  jwtSecret: string;
  smsTables: readonly string[];
  trustProxy: string;
  /** Time zone of the agents' report columns (mobsend_time, repmsg_recvtm); QTMSG.md §2. */
  qtmsgReportTz: string;
  /** Where uploaded files wait for their import job (random names; deleted after import). */
  uploadDir: string;
  /** Narae 080 ARS callback: shared token and allowed source addresses (production: Narae's). */
  narae080Token: string;
  narae080AllowedIps: readonly string[];
  /** Token of the spam-test phone app (`X-Spam-Token`). */
  spamAppToken: string;
  /** Anthropic is used only when a key is set; otherwise the offline engine answers. */
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined; model: string; timeoutMs: number };
  aiMonthlyCallsPerCompany: number;
  /** bcrypt cost: 12 in production, lower elsewhere so tests stay fast. */
  passwordRounds: number;
  sessionMaxHours: number;
  superAdminSessionMinutes: number;
  /** Sender number of platform messages (2FA codes, temporary passwords) on the auth line. */
  platformCallbackNumber: string;
  gitCommit: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment object (defaults to `process.env`) into a frozen `Config`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]),
  );
  const parsed = EnvSchema.safeParse(blankToUndefined);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`);
  // cross-field rule checked on the raw values so it is reported together with field errors
  if (blankToUndefined.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'NARAE_080_TOKEN', 'SPAM_APP_TOKEN']) {
      if (!blankToUndefined[name]) problems.push(`${name} required in production`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? e.NODE_ENV === 'development',
    databaseUrl: e.DATABASE_URL,
    mysqlUrl: e.MYSQL_URL,
    mysqlAdminUrl: e.MYSQL_ADMIN_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    smsTables: Object.freeze(parseSmsTables(e.SMS_TABLES)),
    trustProxy: e.TRUST_PROXY,
    qtmsgReportTz: e.QTMSG_REPORT_TZ,
    uploadDir: e.UPLOAD_DIR ?? path.join(tmpdir(), 'hanjullo-uploads'),
    narae080Token: e.NARAE_080_TOKEN ?? 'dev-080-token',
    narae080AllowedIps: Object.freeze(
      (e.NARAE_080_ALLOWED_IPS ?? (e.NODE_ENV === 'production' ? NARAE_PRODUCTION_IPS : '127.0.0.1,::1,::ffff:127.0.0.1'))
        .split(',')
        .map((ip) => ip.trim())
        .filter(Boolean),
    ),
    spamAppToken: e.SPAM_APP_TOKEN ?? 'dev-spam-token',
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.ANTHROPIC_MODEL, timeoutMs: e.AI_TIMEOUT_MS },
    aiMonthlyCallsPerCompany: e.AI_MONTHLY_CALLS_PER_COMPANY,
    passwordRounds: e.PASSWORD_ROUNDS ?? (e.NODE_ENV === 'production' ? 12 : e.NODE_ENV === 'test' ? 4 : 10),
    sessionMaxHours: e.SESSION_MAX_HOURS,
    superAdminSessionMinutes: e.SUPER_ADMIN_SESSION_MINUTES,
    platformCallbackNumber: e.PLATFORM_CALLBACK_NUMBER,
    gitCommit: e.GIT_COMMIT,
  });
}

/** Loads `.env` from the repository root (never overriding variables already set). */
export function loadDotEnv(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const file = path.join(root, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/** Boot helper for entry points: `.env`, then parse, or print one line and exit(1). */
export function loadConfigOrExit(): Config {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
