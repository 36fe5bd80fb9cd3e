import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from './clock.js';
import { loadConfig, SimConfigError } from './config.js';
import { startFleet, type Fleet } from './fleet.js';
import { createTestDb, type TestDb } from './test-db.js';
import type { ArrivalReport, DeviceRegistration, PhoneReporter } from './test-phones.js';

let db: TestDb;
const fleets: Fleet[] = [];
const NOV = '202611';
const PHONES = 'SKT:01090020001,KT:01090020002,LGU:01090020003';

beforeAll(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.stop()));
});
afterAll(async () => {
  await db.drop();
});

function recordingReporter(): PhoneReporter & { registered: DeviceRegistration[]; reports: ArrivalReport[] } {
  const registered: DeviceRegistration[] = [];
  const reports: ArrivalReport[] = [];
  return {
    registered,
    reports,
    register: async (d) => {
      registered.push(d);
    },
    report: async (r) => {
      reports.push(r);
    },
  };
}

describe('test phone configuration', () => {
  it('parses phones and carrier block rules, with development defaults only in development', () => {
    const explicit = loadConfig({ SIM_TEST_PHONES: 'skt:01011112222, LG U+:01033334444', SIM_CARRIER_BLOCK_RULES: 'KT:대출' });
    expect(explicit.testPhones).toEqual([{ carrier: 'SKT', phone: '01011112222' }, { carrier: 'LGU', phone: '01033334444' }]);
    expect(explicit.carrierBlockRules).toEqual([{ carrier: 'KT', contains: '대출' }]);
    expect(explicit.apiUrl).toBe('http://127.0.0.1:3000');
    expect(explicit.spamToken).toBe('dev-spam-token');
    expect(loadConfig({}).testPhones).toEqual([]);
    const dev = loadConfig({ NODE_ENV: 'development', SPAM_APP_TOKEN: 'from-backend-env' });
    expect(dev.testPhones.map((p) => p.carrier)).toEqual(['SKT', 'KT', 'LGU']);
    expect(dev.carrierBlockRules).toEqual([{ carrier: 'KT', contains: '무료 대출' }]);
    expect(dev.spamToken).toBe('from-backend-env');
    expect(loadConfig({ NODE_ENV: 'development', SIM_TEST_PHONES: '' }).testPhones).toEqual([]);
    expect(() => loadConfig({ SIM_TEST_PHONES: 'XYZ:01011112222' })).toThrow(SimConfigError);
    expect(() => loadConfig({ SIM_TEST_PHONES: 'KT:0212345678' })).toThrow(SimConfigError);
  });
});

describe('simulated test phones', () => {
  it('register on start, report deliveries like the app, and stay silent when the carrier filter blocks the content', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const reporter = recordingReporter();
    const config = loadConfig({
      SMS_TABLES: table, MYSQL_URL: db.url, SIM_RATE_PER_SEC: '0', SIM_REPORT_DELAY_MS: '1000', SIM_MOVE_DELAY_MS: '5000',
      SIM_TEST_PHONES: PHONES, SIM_CARRIER_BLOCK_RULES: 'KT:무료 대출',
    });
    const fleet = await startFleet({ config, clock, autoRun: false, phoneReporter: reporter });
    fleets.push(fleet);
    expect(reporter.registered.map((r) => [r.carrier, r.phone, r.deviceId])).toEqual([
      ['SKT', '01090020001', 'sim-skt-01090020001'], ['KT', '01090020002', 'sim-kt-01090020002'], ['LGU', '01090020003', 'sim-lgu-01090020003'],
    ]);

    const sent = '무료  대출 안내\n지금 신청하세요';
    for (const dest of ['01090020001', '01090020002', '01090020003', '01055556666']) {
      await db.insertRow(table, { dest_no: dest, call_back: '0215881234', msg_contents: sent, msg_type: 'S', sendreq_time: '2026-11-10 09:59:59' });
    }
    await db.insertRow(table, { dest_no: '01090020002', call_back: '0215881234', msg_contents: '정상 안내', msg_type: 'L', title_str: '안내', sendreq_time: '2026-11-10 09:59:59' });
    await fleet.tick();
    expect(reporter.reports).toEqual([]);
    clock.advance(1000);
    await fleet.tick();

    const rows = await db.rows(table);
    expect(rows.map((r: RowDataPacket) => [r['dest_no'], r['msg_type'], r['status_code'], r['mob_company']])).toEqual([
      ['01090020001', 'S', 6, '11'], ['01090020002', 'S', 6, '16'], ['01090020003', 'S', 6, '19'],
      ['01055556666', 'S', 6, expect.any(String)], ['01090020002', 'L', 1000, '16'],
    ]);
    // KT swallowed the "무료 대출" SMS (delivered code, no report); its LMS got through; no report for a non-test number
    expect(reporter.reports).toEqual([
      { deviceId: 'sim-skt-01090020001', senderNumber: '0215881234', messageContent: sent, messageType: 'SMS' },
      { deviceId: 'sim-lgu-01090020003', senderNumber: '0215881234', messageContent: sent, messageType: 'SMS' },
      { deviceId: 'sim-kt-01090020002', senderNumber: '0215881234', messageContent: '정상 안내', messageType: 'LMS' },
    ]);
    expect(fleet.phones?.stats()).toMatchObject({ reported: 3, blocked: 1, failed: 0 });
  });

  it('keeps the phone carriers even when the rules are reloaded with another carrier map', async () => {
    const clock = createVirtualClock('2026-11-10 10:00:00');
    const table = await db.createQueue([NOV]);
    const config = loadConfig({ SMS_TABLES: table, MYSQL_URL: db.url, SIM_RATE_PER_SEC: '0', SIM_REPORT_DELAY_MS: '0', SIM_TEST_PHONES: PHONES });
    const fleet = await startFleet({ config, clock, autoRun: false, phoneReporter: recordingReporter() });
    fleets.push(fleet);
    fleet.reloadRules({ carriers: { '01090020003': '11' } });
    await db.insertRow(table, { dest_no: '01090020003', msg_contents: 'x', sendreq_time: '2026-11-10 09:59:59' });
    await fleet.tick();
    await fleet.tick();
    expect((await db.rows(table))[0]?.['mob_company']).toBe('19');
  });
});
