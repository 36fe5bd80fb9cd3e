import { describeResultCode } from '@hanjullo/shared';
import type { SpamVerdictValue } from '../../db/schema.js';

/**
 * One verdict per (test, device, message type), from the carrier's result code in QTmsg and the
 * phone app's report (SPEC § E). A report makes `received` at once (spam-devices.service); this
 * function decides everything else and never turns an unknown into "blocked": a phone whose app
 * has not been seen for 10 minutes cannot prove a block, so it is `inconclusive`.
 */

export const TEST_TIMEOUT_MS = 3 * 60_000;
export const DEVICE_STALE_MS = 10 * 60_000;
/** How long a delivered message may take to be reported by the app before it counts as blocked. */
export const REPORT_GRACE_MS = 60_000;

export interface VerdictInput {
  verdict: SpamVerdictValue;
  /** When the verdict job first saw the carrier's success. */
  deliveredAt: Date | null;
  /** The queue row's `status_code`; null = no row found (yet). */
  statusCode: number | null;
  startedAt: Date;
  deviceLastSeenAt: Date | null;
  now: Date;
}

export interface VerdictChange {
  verdict: SpamVerdictValue;
  statusCode: number | null;
  statusLabel: string | null;
  deliveredAt: Date | null;
}

export function isDeviceStale(lastSeenAt: Date | null, now: Date): boolean {
  return lastSeenAt === null || now.getTime() - lastSeenAt.getTime() > DEVICE_STALE_MS;
}

/** The new state of a pending result, or null when nothing changes. */
export function decideVerdict(input: VerdictInput): VerdictChange | null {
  if (input.verdict !== 'pending') return null;
  const now = input.now.getTime();
  const timedOut = now - input.startedAt.getTime() >= TEST_TIMEOUT_MS;
  const stale = isDeviceStale(input.deviceLastSeenAt, input.now);
  const code = input.statusCode;
  const info = code === null ? null : describeResultCode(code);
  const base = { statusCode: code, statusLabel: info?.label ?? null, deliveredAt: input.deliveredAt };
  if (info?.category === 'failure') return { ...base, verdict: 'failed' };
  if (info?.category === 'success') {
    const deliveredAt = input.deliveredAt ?? input.now;
    if (stale) return { ...base, deliveredAt, verdict: 'inconclusive' };
    if (timedOut || now - deliveredAt.getTime() >= REPORT_GRACE_MS) return { ...base, deliveredAt, verdict: 'blocked' };
    return input.deliveredAt === null ? { ...base, deliveredAt, verdict: 'pending' } : null;
  }
  if (!timedOut) return null;
  return { ...base, verdict: stale ? 'inconclusive' : 'timeout' };
}
