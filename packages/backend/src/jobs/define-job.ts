import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { AppDeps } from '../app.js';

export interface JobContext {
  deps: WorkerDeps;
  log: Logger;
  jobId: string | undefined;
  attempt: number;
}

export type WorkerDeps = AppDeps & {
  /** Privileged MySQL connection (DDL only: monthly log tables). */
  mysqlAdmin: AppDeps['mysql'];
};

export type JobRepeat = { every: number } | { pattern: string; tz?: string };

export interface JobDefinition<P = unknown> {
  /** Queue name (BullMQ forbids ':'), also the job name. */
  name: string;
  payload: z.ZodType<P>;
  // method syntax on purpose: a list of definitions with different payloads stays assignable
  handler(payload: P, ctx: JobContext): Promise<void>;
  concurrency?: number;
  attempts?: number;
  /** Repeatable jobs are upserted as BullMQ job schedulers when the worker starts. */
  repeat?: JobRepeat;
  /** Also run once when the worker starts (e.g. boot-time checks). */
  runAtBoot?: boolean;
}

/** A job = a zod payload + a small handler that calls services. Payloads are checked on both ends. */
export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  if (!/^[a-z0-9-]+$/.test(def.name)) throw new Error(`job name must be kebab-case: ${def.name}`);
  return def;
}
