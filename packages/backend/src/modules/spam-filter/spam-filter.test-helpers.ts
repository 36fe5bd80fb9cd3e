import express, { type Express } from 'express';
import request from 'supertest';
import { createVirtualClock, loadConfig as loadSimConfig, startFleet, type Fleet, type PhoneReporter, type VirtualClock } from '@hanjullo/qtmsg-sim';
import type { AppDeps } from '../../app.js';
import type { TestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { spamFilterRoutes } from './spam-filter.routes.js';

/** The spam-filter router alone, and the QTmsg simulator with its test phones reporting through it. */

export const TOKEN = 'dev-spam-token';
export const PHONES = { SKT: '01090020001', KT: '01090020002', LGU: '01090020003' } as const;
export const TEST_TABLE = 'SMSQ_SEND_10';

export function buildSpamApp(deps: AppDeps): Express {
  return express().use(requestLogger(deps.logger)).use(express.json()).use(spamFilterRoutes(deps)).use(errorHandler);
}

/** The phones call the API in-process, exactly the requests the Android app makes. */
export function apiReporter(app: () => Express): PhoneReporter {
  const post = async (path: string, body: object) => {
    const res = await request(app()).post(path).set('X-Spam-Token', TOKEN).send(body);
    if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(res.body)}`);
  };
  return { register: (d) => post('/api/spam-filter/devices', d), report: (r) => post('/api/spam-filter/report', r) };
}

export interface SimHarness {
  fleet: Fleet;
  clock: VirtualClock;
  /** Claim + submit, then (1.5 s later on the agent's clock) the carrier reports and the phones' reports. */
  deliver(): Promise<void>;
}

async function dbWall(ctx: TestContext): Promise<string> {
  const [rows] = await ctx.deps.mysql.query("SELECT DATE_FORMAT(NOW() + INTERVAL 1 SECOND, '%Y-%m-%d %H:%i:%s') AS wall");
  return String((rows as Array<{ wall: string }>)[0]?.wall);
}

export async function startSim(ctx: TestContext, app: () => Express, env: Record<string, string> = {}): Promise<SimHarness> {
  const clock = createVirtualClock(await dbWall(ctx));
  const config = loadSimConfig({
    SMS_TABLES: [TEST_TABLE, 'SMSQ_SEND_1', 'SMSQ_SEND_11'].join(','), MYSQL_URL: ctx.config.mysqlUrl, SIM_RATE_PER_SEC: '0',
    SIM_REPORT_DELAY_MS: '1000', SIM_MOVE_DELAY_MS: '2000', SIM_CREATE_MISSING_LOG_TABLE: 'true',
    SIM_TEST_PHONES: `SKT:${PHONES.SKT},KT:${PHONES.KT},LGU:${PHONES.LGU}`, SIM_CARRIER_BLOCK_RULES: 'KT:무료 대출',
    SIM_SPAM_TOKEN: TOKEN, ...env,
  });
  const fleet = await startFleet({ config, clock, autoRun: false, phoneReporter: apiReporter(app) });
  return {
    fleet,
    clock,
    async deliver() {
      // rows carry the DB's real NOW(); the agent's clock must not lag behind it
      const wall = await dbWall(ctx);
      if (wall > clock.wall()) clock.set(wall);
      await fleet.tick();
      clock.advance(1_500);
      await fleet.tick();
    },
  };
}
