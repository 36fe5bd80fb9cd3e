import type { Logger } from 'pino';

/**
 * Simulated spam-test phones (QTMSG.md §4 "Test phones"): stand-ins for the Android app on one
 * phone per carrier. They register with the API (and re-register every minute as the heartbeat);
 * when an agent delivers a message to one of their numbers they report it like the app — unless a
 * carrier block rule matches the content: then the carrier's own filter swallowed it (the delivery
 * code is still success, no report arrives), which the server must judge "blocked".
 */

export type PhoneCarrier = 'SKT' | 'KT' | 'LGU';

export interface TestPhone {
  readonly carrier: PhoneCarrier;
  readonly phone: string;
}

export interface CarrierBlockRule {
  readonly carrier: PhoneCarrier;
  /** Blocks content containing this text (whitespace ignored, as carrier filters normalise). */
  readonly contains: string;
}

/** `mob_company` the agent writes for the phone's carrier (QTMSG.md §3). */
export const MOB_COMPANY: Record<PhoneCarrier, string> = { SKT: '11', KT: '16', LGU: '19' };

export interface DeviceRegistration {
  carrier: PhoneCarrier;
  phone: string;
  deviceId: string;
  appVersion: string;
}

export interface ArrivalReport {
  deviceId: string;
  senderNumber: string;
  messageContent: string;
  messageType: 'SMS' | 'LMS' | 'MMS';
}

/** How the phones talk to the API; HTTP in `main`, an in-process call in tests. */
export interface PhoneReporter {
  register(device: DeviceRegistration): Promise<void>;
  report(report: ArrivalReport): Promise<void>;
}

export interface DeliveredMessage {
  readonly destNo: string;
  readonly callBack: string;
  readonly msgType: string;
  readonly content: string;
}

export interface TestPhones {
  readonly phones: readonly TestPhone[];
  /** dest_no → mob_company, merged into the agents' carrier map. */
  readonly carriers: Readonly<Record<string, string>>;
  /** Called by an agent when a success code was written for a row. Never throws. */
  delivered(msg: DeliveredMessage): void;
  /** One registration (heartbeat) round of every phone; rejects if any failed. */
  registerAll(): Promise<void>;
  /** Background: register until the API answers, then heartbeat every `heartbeatMs`. */
  start(): void;
  /** Resolves when every report started so far has finished. */
  flush(): Promise<void>;
  stop(): Promise<void>;
  stats(): { reported: number; blocked: number; failed: number; registered: number };
}

export const SIM_APP_VERSION = 'qtmsg-sim';

export const deviceIdOf = (p: TestPhone): string => `sim-${p.carrier.toLowerCase()}-${p.phone}`;

const strip = (s: string): string => s.replace(/\s+/g, '');

export function isBlockedByCarrier(rules: readonly CarrierBlockRule[], carrier: PhoneCarrier, content: string): boolean {
  const text = strip(content);
  return rules.some((r) => r.carrier === carrier && strip(r.contains) !== '' && text.includes(strip(r.contains)));
}

const TYPE_NAME: Record<string, ArrivalReport['messageType']> = { S: 'SMS', L: 'LMS', M: 'MMS' };

export interface TestPhonesOptions {
  phones: readonly TestPhone[];
  blockRules: readonly CarrierBlockRule[];
  reporter: PhoneReporter;
  logger: Logger;
  heartbeatMs?: number;
  retryMs?: number;
}

export function createTestPhones(opts: TestPhonesOptions): TestPhones {
  const { phones, blockRules, reporter, logger } = opts;
  const byNumber = new Map(phones.map((p) => [p.phone, p]));
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const stats = { reported: 0, blocked: 0, failed: 0, registered: 0 };
  let stopped = false;

  const track = (work: Promise<void>): void => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const later = (ms: number, fn: () => void): void => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  async function registerAll(): Promise<void> {
    await Promise.all(phones.map(async (p) => {
      await reporter.register({ carrier: p.carrier, phone: p.phone, deviceId: deviceIdOf(p), appVersion: SIM_APP_VERSION });
      stats.registered++;
    }));
  }

  function heartbeat(): void {
    track(registerAll().then(
      () => later(opts.heartbeatMs ?? 60_000, heartbeat),
      (err: unknown) => {
        logger.warn({ err: (err as Error).message }, '[test-phones] API not answering; retrying registration');
        later(opts.retryMs ?? 2_000, heartbeat);
      },
    ));
  }

  return {
    phones,
    carriers: Object.fromEntries(phones.map((p) => [p.phone, MOB_COMPANY[p.carrier]])),
    delivered(msg) {
      const phone = byNumber.get(msg.destNo);
      if (!phone || stopped) return;
      if (isBlockedByCarrier(blockRules, phone.carrier, msg.content)) {
        stats.blocked++;
        logger.info({ phone: phone.phone, carrier: phone.carrier }, `[test-phones] ${phone.carrier} filter swallowed a message from ${msg.callBack}`);
        return;
      }
      const report: ArrivalReport = {
        deviceId: deviceIdOf(phone), senderNumber: msg.callBack, messageContent: msg.content, messageType: TYPE_NAME[msg.msgType] ?? 'SMS',
      };
      track(reporter.report(report).then(
        () => {
          stats.reported++;
        },
        (err: unknown) => {
          stats.failed++;
          logger.warn({ err: (err as Error).message, phone: phone.phone }, '[test-phones] report failed');
        },
      ));
    },
    registerAll,
    start() {
      if (phones.length > 0) heartbeat();
    },
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...pending]);
    },
    stats: () => ({ ...stats }),
  };
}

/** The phone app's HTTP calls (`X-Spam-Token`); a non-2xx answer is an error. */
export function createHttpReporter(apiUrl: string, token: string): PhoneReporter {
  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(new URL(path, apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spam-token': token },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  };
  return {
    register: (device) => post('/api/spam-filter/devices', device),
    report: (report) => post('/api/spam-filter/report', report),
  };
}
