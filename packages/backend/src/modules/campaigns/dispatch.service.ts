import type { Transaction } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { Database } from '../../db/schema.js';
import { batchTagsPresent, enqueueBatch } from '../qtmsg/queue-writer.js';
import { runMonths } from '../qtmsg/result-reader.js';
import * as repo from './campaigns.repo.js';
import * as frozen from './freeze.repo.js';
import { toQueueRow } from './campaign-message.js';
import { listUsableCallbackNumbers } from '../callback-numbers/callback-numbers.service.js';
import type { QueueRow } from '../qtmsg/queue-writer.js';
import { loadRunContext, type RunContext } from './run-context.js';
import { freezeRun } from './freeze-run.js';
import { nextAllowedInstant } from './send-window.js';

/**
 * THE enqueue function (DESIGN-NOTES §2): every path — send now, scheduled, split, direct, test —
 * ends here. It freezes the recipients once (opt-outs, consent, dedupe, callback and frequency rules
 * in one INSERT … SELECT), reserves the money, then writes fixed seq slices of the frozen set as
 * batches tagged (run id, batch index). Each window of batches is written while the run row is
 * locked and is checkpointed (`next_batch`) in the same transaction; a crash between the MySQL
 * insert and the checkpoint is repaired on resume by asking MySQL which batch tags already exist,
 * so every recipient is queued exactly once whatever moment the worker dies.
 */

export interface DispatchHooks {
  /** Test hook: runs after a window's inserts settled and before its checkpoint commits. */
  afterWindow?: (firstBatch: number, writtenBatches: readonly number[]) => void | Promise<void>;
  /** Test hook: runs after one batch's INSERT committed in MySQL, inside its lane. */
  afterBatch?: (batch: number) => void | Promise<void>;
  /** Test hook: where a window's recipients came from (read ahead by the previous window, or now). */
  onWindowRead?: (fromSeq: number, source: 'ahead' | 'now') => void;
}

export type DispatchOutcome =
  | { kind: 'done' }
  | { kind: 'stopped'; status: string }
  | { kind: 'wait'; until: Date; reason: 'window' | 'split' };

type Trx = Transaction<Database>;
/** The next window's recipients, read while this window's inserts ran (seq in (fromSeq, toSeq]). */
interface ReadAhead {
  fromSeq: number;
  toSeq: number;
  rows: frozen.FrozenRecipient[];
}
/** A window's context: the run's, the callback numbers usable right now, and what was read ahead. */
type WindowContext = RunContext & { usable: ReadonlySet<string>; pipe: { ahead: ReadAhead | null } };

/** A window writes up to this many batches per table between two checkpoints. */
const BATCHES_PER_TABLE_PER_WINDOW = 4;
/**
 * Connections writing into one table at once: two overlap one statement's commit with the next
 * one's transfer (measured ≈ 35% more rows/s than one on the reference machine).
 */
const LANES_PER_TABLE = 2;
type Step = DispatchOutcome | { kind: 'continue' };

const FINAL = new Set(['completed', 'partially_failed', 'failed', 'cancelled']);

export async function dispatchRun(deps: AppDeps, companyId: string, runId: string, hooks: DispatchHooks = {}): Promise<DispatchOutcome> {
  const run = await repo.findRun(deps.db, companyId, runId);
  if (!run || FINAL.has(run.status)) return { kind: 'stopped', status: run?.status ?? 'missing' };
  const prepared = await freezeRun(deps, run);
  if (prepared.kind === 'stopped') return prepared;
  const ctx = await loadRunContext(deps, prepared.run);
  const pipe = { ahead: null as ReadAhead | null };
  for (;;) {
    // read outside the window's transaction: a pool query inside it could starve the pool under load.
    // Numbers can be deleted or unassigned during a long (split) send: never send with one that is gone.
    const usable = new Set((await listUsableCallbackNumbers(deps, ctx.author)).callbackNumbers.map((n) => n.number));
    const step = await deps.db.transaction().execute((trx) => dispatchWindow(deps, trx, { ...ctx, usable, pipe }, hooks));
    if (step.kind !== 'continue') return step;
  }
}

/** One window: a few batches per table, the tables in parallel, then the checkpoint — all under the run's row lock. */
async function dispatchWindow(deps: AppDeps, trx: Trx, ctx: WindowContext, hooks: DispatchHooks): Promise<Step> {
  const run = await repo.lockRun(trx, ctx.companyId, ctx.runId);
  if (!run || FINAL.has(run.status)) return { kind: 'stopped', status: run?.status ?? 'missing' };
  const now = deps.now();
  if (run.next_batch >= run.total_batches) {
    await markDispatched(trx, ctx, now);
    return { kind: 'done' };
  }
  const allowedAt = nextAllowedInstant(now, ctx.window);
  if (allowedAt === null || allowedAt > now) {
    const until = allowedAt ?? new Date(now.getTime() + 24 * 3_600_000);
    await repo.updateRun(trx, ctx.companyId, ctx.runId, { paused_until: until });
    return { kind: 'wait', until, reason: 'window' };
  }
  let splitBase = { at: run.split_base_at ? new Date(run.split_base_at) : now, batch: run.split_base_batch };
  // after a pause, split pacing restarts from the moment sending is allowed again
  if (run.paused_until !== null) splitBase = { at: now, batch: run.next_batch };
  let count = ctx.tables.length * BATCHES_PER_TABLE_PER_WINDOW;
  if (run.batches_per_minute) {
    const minutes = Math.floor((now.getTime() - splitBase.at.getTime()) / 60_000);
    const dueEnd = splitBase.batch + (minutes + 1) * run.batches_per_minute;
    if (run.next_batch >= dueEnd) {
      const nextMinute = Math.floor((run.next_batch - splitBase.batch) / run.batches_per_minute);
      return { kind: 'wait', until: new Date(splitBase.at.getTime() + nextMinute * 60_000), reason: 'split' };
    }
    count = Math.min(count, dueEnd - run.next_batch);
  }
  const first = run.next_batch;
  const last = Math.min(first + count, run.total_batches);
  // the next window of an unpaced run is read while this one's inserts run (on this connection)
  const next = run.batches_per_minute || last >= run.total_batches
    ? null
    : { fromSeq: last * ctx.batchSize, toSeq: Math.min(last + count, run.total_batches) * ctx.batchSize };
  const written = await writeWindow(deps, trx, ctx, run.dispatch_started_at ?? now, first, last, hooks, next);
  await hooks.afterWindow?.(first, written.batches);
  if (written.error) throw written.error;
  await repo.updateRun(trx, ctx.companyId, ctx.runId, {
    next_batch: last,
    queued: Math.min(run.total, last * run.batch_size) - (run.render_failed + written.skipped),
    render_failed: run.render_failed + written.skipped,
    paused_until: null,
    split_base_at: splitBase.at,
    split_base_batch: splitBase.batch,
  });
  return { kind: 'continue' };
}

interface WindowResult {
  batches: number[];
  /** Recipients not queued: their own values break the message, or their callback is no longer usable. */
  skipped: number;
  error?: unknown;
}

/**
 * Writes the batches of [first, last) that MySQL does not hold yet; never leaves a write running.
 * The window's recipients are read in one query; then `LANES_PER_TABLE` lanes per table render and
 * insert their batches in order, so one lane renders while the others wait on MySQL. Batch b still
 * goes to tables[b % n].
 */
async function writeWindow(
  deps: AppDeps, trx: Trx, ctx: WindowContext, startedAt: Date | string, first: number, last: number, hooks: DispatchHooks,
  next: { fromSeq: number; toSeq: number } | null,
): Promise<WindowResult> {
  const indices = Array.from({ length: last - first }, (_, i) => first + i);
  const months = runMonths(new Date(startedAt), deps.now());
  const present = await batchTagsPresent(deps.mysql, ctx.tables, ctx.runId, months, indices.map(String));
  const missing = indices.filter((b) => !present.has(String(b)));
  const result: WindowResult = { batches: [], skipped: 0 };
  if (missing.length === 0) return result;
  const recipients = await readWindow(trx, ctx, missing[0]! * ctx.batchSize, (missing[missing.length - 1]! + 1) * ctx.batchSize, hooks);
  const readAhead = next
    ? frozen.readRecipientSlice(trx, ctx.companyId, ctx.runId, next.fromSeq, next.toSeq).then((rows) => ({ ...next, rows }), () => null)
    : Promise.resolve(null);
  const batchOf = new Map<number, frozen.FrozenRecipient[]>(missing.map((b) => [b, []]));
  for (const r of recipients) batchOf.get(Math.floor((r.seq - 1) / ctx.batchSize))?.push(r);

  const writeBatch = async (b: number): Promise<void> => {
    const rows: QueueRow[] = [];
    for (const r of batchOf.get(b) ?? []) {
      if (!ctx.usable.has(r.callback)) {
        result.skipped++;
        continue;
      }
      const built = ctx.render(r.merge, r.callback);
      // a recipient whose own values break the message (e.g. an emoji in a name) is never sent as '?'
      if (!built.ok) result.skipped++;
      else rows.push(toQueueRow(built, r.phone, r.callback));
    }
    batchOf.delete(b);
    if (rows.length > 0) await enqueueBatch(deps.mysql, ctx.tables, rows, { runId: ctx.runId, firstBatchIndex: b });
    result.batches.push(b);
    await hooks.afterBatch?.(b);
  };
  const n = ctx.tables.length;
  const laneOf = (b: number) => (b % n) * LANES_PER_TABLE + (Math.floor(b / n) % LANES_PER_TABLE);
  const lanes = Array.from({ length: n * LANES_PER_TABLE }, (_, lane) => missing.filter((b) => laneOf(b) === lane))
    .filter((lane) => lane.length > 0);
  await Promise.all(lanes.map(async (lane) => {
    for (const b of lane) {
      if (result.error !== undefined) return;
      try {
        await writeBatch(b);
      } catch (err) {
        result.error ??= err;
        return;
      }
    }
  }));
  ctx.pipe.ahead = await readAhead;
  result.batches.sort((a, b) => a - b);
  return result;
}

/**
 * A window's recipients: what the previous window read ahead if it covers exactly this range and
 * the range still holds as many rows (a frozen set is never changed, only ever deleted whole — the
 * count makes sure of it under this window's lock), else read now.
 */
async function readWindow(trx: Trx, ctx: WindowContext, fromSeq: number, toSeq: number, hooks: DispatchHooks): Promise<frozen.FrozenRecipient[]> {
  const ahead = ctx.pipe.ahead;
  ctx.pipe.ahead = null;
  if (ahead && ahead.fromSeq === fromSeq && ahead.toSeq === toSeq
    && ahead.rows.length === await frozen.countRecipientSlice(trx, ctx.companyId, ctx.runId, fromSeq, toSeq)) {
    hooks.onWindowRead?.(fromSeq, 'ahead');
    return ahead.rows;
  }
  hooks.onWindowRead?.(fromSeq, 'now');
  return frozen.readRecipientSlice(trx, ctx.companyId, ctx.runId, fromSeq, toSeq);
}

async function markDispatched(trx: Trx, ctx: RunContext, now: Date): Promise<void> {
  await repo.updateRun(trx, ctx.companyId, ctx.runId, { status: 'sending', dispatched_at: now, paused_until: null });
  if (ctx.kind === 'send') {
    await repo.updateCampaign(trx, ctx.companyId, ctx.campaignId, { status: 'sending' });
  }
}
