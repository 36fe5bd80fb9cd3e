import type { SpamTest } from '@hanjullo/shared';
import type { ResultRow, TestRow } from './spam-filter.repo.js';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toSpamTest(test: TestRow, results: readonly ResultRow[], queuePosition: number): SpamTest {
  return {
    id: test.id,
    status: test.status,
    callbackNumber: test.callback_number,
    sms: test.sms_text === null ? null : { body: test.sms_text },
    lms: test.lms_text === null ? null : { subject: test.lms_subject ?? '', body: test.lms_text },
    queuePosition,
    excludedOptOut: test.excluded_opt_out,
    failureReason: test.failure_reason,
    results: results.filter((r) => r.test_id === test.id).map((r) => ({
      deviceId: r.device_id,
      carrier: r.carrier,
      messageType: r.message_type,
      verdict: r.verdict,
      statusCode: r.status_code,
      statusLabel: r.status_label,
      reportedAt: iso(r.reported_at),
    })),
    createdAt: new Date(test.created_at).toISOString(),
    startedAt: iso(test.started_at),
    finishedAt: iso(test.finished_at),
  };
}
