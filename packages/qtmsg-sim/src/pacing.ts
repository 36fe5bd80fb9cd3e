import type { DelayRange } from './config.js';
import { hashString } from './rules.js';
import { mulberry32 } from '@hanjullo/shared';

/**
 * Token bucket: holds at most one second of messages and refills continuously on the agent's
 * clock, so with the virtual clock the throughput limit is exact and repeatable. 0 = unlimited.
 */
export interface TokenBucket {
  /** Whole messages that may be taken now (`Infinity` when unlimited). */
  available(nowMs: number): number;
  take(count: number): void;
}

export function createTokenBucket(ratePerSec: number, startMs: number): TokenBucket {
  if (ratePerSec <= 0) return { available: () => Number.POSITIVE_INFINITY, take: () => undefined };
  let tokens = ratePerSec;
  let last = startMs;
  return {
    available(nowMs) {
      if (nowMs > last) {
        tokens = Math.min(ratePerSec, tokens + ((nowMs - last) * ratePerSec) / 1000);
        last = nowMs;
      }
      return Math.floor(tokens);
    },
    take(count) {
      tokens = Math.max(0, tokens - count);
    },
  };
}


/** A delay in `range`, determined only by (seed, seqno, purpose) so runs repeat exactly. */
export function seededDelay(seed: number, seqno: number, purpose: 'report' | 'move', range: DelayRange): number {
  const random = mulberry32(hashString(`${seed}:${seqno}:${purpose}`));
  return range.min + Math.floor(random() * (range.max - range.min + 1));
}
