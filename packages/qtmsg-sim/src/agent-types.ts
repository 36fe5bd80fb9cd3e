import type { SmsTableGuard } from '@hanjullo/shared';
import type { Pool } from 'mysql2/promise';
import type { Logger } from 'pino';
import type { SimClock } from './clock.js';
import type { SimConfig } from './config.js';
import type { RuleEngine } from './rules.js';
import type { DeliveredMessage } from './test-phones.js';

/** The public shape of one simulated agent (see agent.ts) and what a fleet hands it. */

export interface AgentMetrics {
  table: string;
  bound: boolean;
  paused: boolean;
  polls: number;
  polled: number;
  claimed: number;
  submitted: number;
  reported: number;
  byCode: Record<string, number>;
  moved: number;
  vanished: number;
  dupRejected: number;
  neverReported: number;
  missingLogTable: number;
  errors: number;
  inFlight: number;
}

export interface AgentHealth {
  table: string;
  bound: boolean;
  paused: boolean;
  lastPollAt: string | null;
  dueCount: number | null;
}

/** Shared by every agent of a fleet. */
export interface AgentContext {
  readonly db: Pool;
  readonly clock: SimClock;
  readonly config: SimConfig;
  readonly guard: SmsTableGuard;
  readonly logger: Logger;
  rules(): RuleEngine;
  /** Charges one message to the relay's prepaid balance; false once it has run out (→ 55/5005). */
  chargeBalance(): boolean;
  readonly afterClaim: ((table: string, seqnos: number[]) => Promise<void> | void) | undefined;
  /** A success code was written for a row (the simulated test phones listen here). */
  readonly onDelivered?: ((msg: DeliveredMessage) => void) | undefined;
}

export interface Agent {
  readonly table: string;
  /** Reads the table and rebuilds in-flight work; false (and retried on each tick) if it fails. */
  bind(): Promise<boolean>;
  /** One poll/report/move cycle; calls are serialised. */
  tick(): Promise<void>;
  /** Resolves when the work queued so far is done. */
  idle(): Promise<void>;
  metrics(): AgentMetrics;
  health(): Promise<AgentHealth>;
  /** Stops everything (like stopping the agent process) until `resume`. */
  pause(): void;
  /** Resumes after `pause` and re-binds after `unbind`. */
  resume(): void;
  /** Loses the relay bind: nothing is claimed or reported; reported rows are still moved. */
  unbind(): void;
  /** Freezes one row where it is (not claimed, reported or moved) until `release`. */
  hold(seqno: number): void;
  release(seqno: number): void;
}
