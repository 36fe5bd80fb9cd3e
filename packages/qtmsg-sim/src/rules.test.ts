import { describe, expect, it } from 'vitest';
import { formatInTimeZone, parseWall } from './clock.js';
import { loadConfig } from './config.js';
import { createTokenBucket, seededDelay } from './pacing.js';
import { createRuleEngine, type RuleMessage, type RulesInput } from './rules.js';

const msg = (over: Partial<RuleMessage> = {}): RuleMessage => ({
  seqno: 1, destNo: '01012345678', callBack: '0212345678', msgType: 'S', content: '안녕하세요', appEtc1: 'run-1', ...over,
});
const engine = (input: RulesInput = {}, lists = { unregisteredCallbacks: [] as string[], spamWords: [] as string[] }) =>
  createRuleEngine(input, lists);

describe('rule engine', () => {
  it('succeeds by default with 6 for SMS and 1000 for LMS/MMS', () => {
    const e = engine();
    expect(e.decide(msg()).code).toBe(6);
    expect(e.decide(msg({ msgType: 'L' })).code).toBe(1000);
    expect(e.decide(msg({ msgType: 'M' })).code).toBe(1000);
  });

  it('maps the magic range 0100000CCCC to code CCCC and never reports 0100002xxxx', () => {
    const e = engine();
    expect(e.decide(msg({ destNo: '01000000007' })).code).toBe(7);
    expect(e.decide(msg({ destNo: '01000009008' })).code).toBe(9008);
    expect(e.decide(msg({ destNo: '01000003004', msgType: 'M' })).code).toBe(3004);
    expect(e.decide(msg({ destNo: '01000021234' })).code).toBeNull();
    expect(e.decide(msg({ destNo: '010000000071' })).code).toBe(6);
  });

  it('fails unregistered callbacks with 9008 and spam words with 52', () => {
    const e = engine({}, { unregisteredCallbacks: ['0299998888'], spamWords: ['대출'] });
    expect(e.decide(msg({ callBack: '0299998888' })).code).toBe(9008);
    expect(e.decide(msg({ content: '무담보 대출 안내' })).code).toBe(52);
    expect(e.decide(msg({ content: '무담보 대출 안내', msgType: 'L' })).code).toBe(52);
  });

  it('maps classes per message type', () => {
    const e = engine({
      rules: [
        { match: { destPrefix: '0107' }, action: { class: 'power_off' } },
        { match: { destSuffix: '0055' }, action: { class: 'balance' } },
      ],
    });
    expect(e.decide(msg({ destNo: '01071112222' })).code).toBe(8);
    expect(e.decide(msg({ destNo: '01071112222', msgType: 'M' })).code).toBe(3004);
    expect(e.decide(msg({ destNo: '01033330055' })).code).toBe(55);
    expect(e.decide(msg({ destNo: '01033330055', msgType: 'L' })).code).toBe(5005);
  });

  it('decides each aspect by the first matching rule that sets it, user rules before defaults', () => {
    const e = engine({
      rules: [
        { name: 'slow', match: { appEtc1: 'run-slow' }, action: { delayMs: 5000 } },
        { name: 'kt', match: { destRegex: '^0109' }, action: { carrier: '16' } },
        { name: 'spam', match: { contentContains: '무료', msgType: ['S', 'L'] }, action: { class: 'spam_carrier' } },
        { name: 'later', match: { contentContains: '무료' }, action: { code: 7, carrier: '19', delayMs: 1 } },
      ],
    });
    expect(e.decide(msg({ appEtc1: 'run-slow', destNo: '01000000007' }))).toMatchObject({ code: 7, delayMs: 5000 });
    expect(e.decide(msg({ destNo: '01091112222', content: '무료 쿠폰' }))).toEqual({
      code: 16, delayMs: 1, carrier: '16', ruleName: 'spam',
    });
    expect(e.decide(msg({ content: '무료', msgType: 'M' })).code).toBe(7);
  });

  it('fires an every-N-th rule on the N-th, 2N-th … matching message only', () => {
    const e = engine({ rules: [{ match: { callBack: '0212345678', everyNth: 3 }, action: { class: 'timeout' } }] });
    const codes = Array.from({ length: 7 }, (_, i) => e.decide(msg({ seqno: i + 1 })).code);
    expect(codes).toEqual([6, 6, 4, 6, 6, 4, 6]);
  });

  it('picks the success carrier from the map, else from a stable hash of dest_no', () => {
    const e = engine({ carriers: { '01011112222': '17' } });
    expect(e.carrierFor('01011112222')).toBe('17');
    const picks = ['01000000001', '01000000002', '01000000003', '01099998888'].map((d) => e.carrierFor(d));
    expect(picks.every((c) => ['11', '16', '19'].includes(c))).toBe(true);
    expect(['01000000001', '01000000002', '01000000003', '01099998888'].map((d) => engine().carrierFor(d))).toEqual(picks);
  });

  it('rejects malformed rules', () => {
    expect(() => engine({ rules: [{ match: { destRegex: '(' }, action: { code: 7 } }] })).toThrow();
    expect(() => engine({ rules: [{ match: {}, action: { class: 'nope' as 'success' } }] })).toThrow();
    expect(() => engine({ rules: [{ match: { dest: '010' } as never, action: {} }] })).toThrow();
  });
});

describe('pacing', () => {
  it('derives delays from (seed, seqno) only, inside the range', () => {
    const range = { min: 300, max: 1500 };
    const a = Array.from({ length: 50 }, (_, i) => seededDelay(7, i, 'report', range));
    expect(Array.from({ length: 50 }, (_, i) => seededDelay(7, i, 'report', range))).toEqual(a);
    expect(a.every((d) => d >= 300 && d <= 1500)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(10);
    expect(Array.from({ length: 50 }, (_, i) => seededDelay(8, i, 'report', range))).not.toEqual(a);
  });

  it('refills the token bucket with time and never holds more than one second', () => {
    const bucket = createTokenBucket(10, 0);
    expect(bucket.available(0)).toBe(10);
    bucket.take(10);
    expect(bucket.available(250)).toBe(2);
    expect(bucket.available(60_000)).toBe(10);
    expect(createTokenBucket(0, 0).available(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('config and time formatting', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      tables: ['SMSQ_SEND'], mysqlUrl: 'mysql://root@127.0.0.1:3306/smsdb', pollMs: 1000, batch: 500,
      ratePerSec: 100, reportDelayMs: { min: 300, max: 1500 }, createMissingLogTable: false, reportTz: 'UTC',
      httpPort: 9100, rulesFile: undefined,
    });
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ SMS_TABLES: 'SMSQ_SEND_1,users', SIM_BATCH: '0', QTMSG_REPORT_TZ: 'Mars/Base' })).toThrow(
      /SMS_TABLES[\s\S]*SIM_BATCH[\s\S]*QTMSG_REPORT_TZ/,
    );
  });

  it('writes an instant as a DATETIME in the report zone', () => {
    const instant = parseWall('2026-11-30 23:59:59');
    expect(formatInTimeZone(instant, 'UTC')).toBe('2026-11-30 23:59:59');
    expect(formatInTimeZone(instant, 'Asia/Seoul')).toBe('2026-12-01 08:59:59');
  });
});
