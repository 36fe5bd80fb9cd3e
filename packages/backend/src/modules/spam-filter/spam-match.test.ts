import { describe, expect, it } from 'vitest';
import { matchReport, type MatchCandidate } from './spam-match.js';
import { decideVerdict, DEVICE_STALE_MS, REPORT_GRACE_MS, TEST_TIMEOUT_MS } from './spam-verdict.js';

const A: MatchCandidate = { companyId: 'ca', testId: 'ta', smsText: '(광고)봄 세일\n무료거부0801234567', lmsSubject: null, lmsText: null };
const B: MatchCandidate = { companyId: 'cb', testId: 'tb', smsText: '여름 안내', lmsSubject: '안내', lmsText: '여름 안내 상세' };

describe('matchReport', () => {
  it('matches by whitespace-stripped content and tolerates a handset prefix', () => {
    expect(matchReport([A, B], '(광고)봄 세일 무료거부0801234567', 'S')).toEqual({ companyId: 'ca', testId: 'ta', messageType: 'S' });
    expect(matchReport([A, B], '[Web발신]\n여름 안내 상세', 'L')).toEqual({ companyId: 'cb', testId: 'tb', messageType: 'L' });
    expect(matchReport([B], '안내\n여름 안내 상세', 'M')).toEqual({ companyId: 'cb', testId: 'tb', messageType: 'L' });
  });

  it('never matches a test whose content differs, even when it is the only candidate', () => {
    expect(matchReport([A], '여름 안내', 'S')).toBeNull();
    expect(matchReport([], '여름 안내', 'S')).toBeNull();
  });

  it('refuses to guess between two companies sending the same text', () => {
    const same = { ...A, companyId: 'cc', testId: 'tc' };
    expect(matchReport([A, same], '(광고)봄 세일\n무료거부0801234567', 'S')).toBeNull();
  });
});

describe('decideVerdict', () => {
  const startedAt = new Date('2026-03-02T03:00:00Z');
  const at = (ms: number) => new Date(startedAt.getTime() + ms);
  const base = { verdict: 'pending' as const, deliveredAt: null, statusCode: null, startedAt, deviceLastSeenAt: startedAt };

  it('waits for the report after a carrier success, then calls it blocked', () => {
    const seen = decideVerdict({ ...base, statusCode: 6, now: at(5_000) });
    expect(seen).toMatchObject({ verdict: 'pending', deliveredAt: at(5_000) });
    expect(decideVerdict({ ...base, statusCode: 6, deliveredAt: at(5_000), now: at(5_000 + REPORT_GRACE_MS - 1) })).toBeNull();
    expect(decideVerdict({ ...base, statusCode: 6, deliveredAt: at(5_000), now: at(5_000 + REPORT_GRACE_MS) })).toMatchObject({ verdict: 'blocked' });
  });

  it('gives failed with the label for a failure code, timeout after 3 minutes, inconclusive for a stale phone', () => {
    expect(decideVerdict({ ...base, statusCode: 9008, now: at(1_000) })).toMatchObject({ verdict: 'failed', statusCode: 9008, statusLabel: expect.any(String) });
    expect(decideVerdict({ ...base, statusCode: 104, now: at(TEST_TIMEOUT_MS - 1) })).toBeNull();
    expect(decideVerdict({ ...base, statusCode: 104, now: at(TEST_TIMEOUT_MS) })).toMatchObject({ verdict: 'timeout' });
    const stale = new Date(startedAt.getTime() - DEVICE_STALE_MS - 1);
    expect(decideVerdict({ ...base, deviceLastSeenAt: stale, statusCode: 6, now: at(TEST_TIMEOUT_MS) })).toMatchObject({ verdict: 'inconclusive' });
    expect(decideVerdict({ ...base, deviceLastSeenAt: stale, now: at(TEST_TIMEOUT_MS) })).toMatchObject({ verdict: 'inconclusive' });
    expect(decideVerdict({ ...base, verdict: 'received', statusCode: 6, now: at(TEST_TIMEOUT_MS) })).toBeNull();
  });
});
