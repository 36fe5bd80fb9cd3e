import { describeResultCode } from '@hanjullo/shared';
import type { Agent, AgentContext } from './agent-types.js';
import { createDuplicateWindow, rejectCode } from './checks.js';
import { formatInTimeZone } from './clock.js';
import { createTokenBucket, seededDelay } from './pacing.js';
import {
  claimRows, countDue, createLogTable, existingSeqnos, isNoSuchTable, markFinal, markSubmitted, moveToLog,
  pollDue, readColumns, readDbUtcOffsetSec, readRows, type QueueRow,
} from './queue-sql.js';
import { codeForClass } from './rules.js';

export type { Agent, AgentContext, AgentHealth, AgentMetrics } from './agent-types.js';

/**
 * One simulated QTmsg agent = one queue table (QTMSG.md §4). Each tick: poll due rows, claim
 * (1→2), run the agent-side checks, submit (→3, 104), deliver reports whose delay passed (→4) and
 * move reported rows whose move delay passed into `<table>_YYYYMM` (→5). In-flight timing lives in
 * memory; on bind (and after any unexpected error) it is rebuilt from the rows at rsv1 2–4.
 */

interface InFlight {
  stage: 'submitted' | 'reported';
  dueAt: number;
  code: number;
  carrier: string | null;
  destNo: string;
  callBack: string;
  msgType: string;
  content: string;
}

const MAX_IN_LIST = 1000;
const SUCCESS = (code: number): boolean => describeResultCode(code).category === 'success';

export function createAgent(ctx: AgentContext, tableName: string): Agent {
  const table = ctx.guard.sendTable(tableName);
  const { db, clock, config, logger } = ctx;
  const m = {
    polls: 0, polled: 0, claimed: 0, submitted: 0, reported: 0, byCode: {} as Record<string, number>,
    moved: 0, vanished: 0, dupRejected: 0, neverReported: 0, missingLogTable: 0, errors: 0,
  };
  const inFlight = new Map<number, InFlight>();
  const held = new Set<number>();
  const dup = createDuplicateWindow();
  const bucket = createTokenBucket(config.ratePerSec, clock.nowMs());
  let columns: string[] = [];
  let dbOffsetSec = 0;
  let ready = false;
  let paused = false;
  let unbound = false;
  let lastPollAt: string | null = null;
  let chain: Promise<void> = Promise.resolve();

  const nowMs = (): number => clock.nowMs();
  const delay = (seqno: number, purpose: 'report' | 'move'): number =>
    seededDelay(config.seed, seqno, purpose, purpose === 'report' ? config.reportDelayMs : config.moveDelayMs);

  function decide(row: QueueRow): InFlight | null {
    const msgType = row.msg_type ?? 'S';
    const destNo = row.dest_no ?? '';
    const content = row.msg_contents ?? '';
    const outcome = ctx.rules().decide({
      seqno: row.seqno, destNo, callBack: row.call_back ?? '', msgType, content, appEtc1: row.app_etc1,
    });
    const code = ctx.chargeBalance() ? outcome.code : codeForClass('balance', msgType);
    if (code === null) return null;
    const carrier = outcome.carrier ?? (SUCCESS(code) ? ctx.rules().carrierFor(destNo) : null);
    const dueAt = nowMs() + (outcome.delayMs ?? delay(row.seqno, 'report'));
    return { stage: 'submitted', dueAt, code, carrier, destNo, callBack: row.call_back ?? '', msgType, content };
  }

  /** Forgets seqnos that no longer exist (deleted under us) and counts them as vanished. */
  async function keepExisting(seqnos: number[]): Promise<Set<number>> {
    const alive = await existingSeqnos(db, table, seqnos);
    for (const s of seqnos) {
      if (alive.has(s)) continue;
      inFlight.delete(s);
      m.vanished++;
    }
    return alive;
  }

  /** Writes final results grouped by (code, carrier); returns the seqnos actually updated. */
  async function writeFinal(items: { seqno: number; code: number; carrier: string | null }[], from: '2' | '3'): Promise<Set<number>> {
    const groups = new Map<string, { code: number; carrier: string | null; seqnos: number[] }>();
    for (const it of items) {
      const key = `${it.code}|${it.carrier ?? ''}`;
      const group = groups.get(key) ?? { code: it.code, carrier: it.carrier, seqnos: [] };
      group.seqnos.push(it.seqno);
      groups.set(key, group);
    }
    const reportTime = formatInTimeZone(clock.instantMs(dbOffsetSec), config.reportTz);
    const done = new Set<number>();
    for (const g of groups.values()) {
      const updated = await markFinal(db, table, g.seqnos, from, {
        code: g.code, carrier: g.carrier, mobsendTime: from === '3' ? reportTime : null, reportTime,
      });
      const alive = updated === g.seqnos.length ? new Set(g.seqnos) : await keepExisting(g.seqnos);
      for (const s of alive) done.add(s);
      m.byCode[g.code] = (m.byCode[g.code] ?? 0) + alive.size;
    }
    return done;
  }

  /** Agent-side checks, then submission to the (simulated) relay. */
  async function processClaimed(rows: QueueRow[]): Promise<void> {
    const rejected: { seqno: number; code: number; carrier: null }[] = [];
    const accepted: { row: QueueRow; flight: InFlight | null }[] = [];
    for (const row of rows) {
      const code = await rejectCode(row, dup, nowMs());
      if (code === null) accepted.push({ row, flight: decide(row) });
      else rejected.push({ seqno: row.seqno, code, carrier: null });
      if (code === 62) m.dupRejected++;
    }
    if (rejected.length > 0) {
      for (const s of await writeFinal(rejected, '2')) {
        inFlight.set(s, { stage: 'reported', dueAt: nowMs() + delay(s, 'move'), code: 0, carrier: null, destNo: '', callBack: '', msgType: '', content: '' });
      }
    }
    if (accepted.length === 0) return;
    const seqnos = accepted.map((a) => a.row.seqno);
    const updated = await markSubmitted(db, table, seqnos);
    const alive = updated === seqnos.length ? new Set(seqnos) : await keepExisting(seqnos);
    for (const { row, flight } of accepted) {
      if (!alive.has(row.seqno)) continue;
      m.submitted++;
      if (flight) inFlight.set(row.seqno, flight);
      else m.neverReported++;
    }
  }

  async function pollAndSubmit(): Promise<void> {
    const limit = Math.min(config.batch, bucket.available(nowMs()));
    m.polls++;
    lastPollAt = new Date(nowMs()).toISOString();
    if (limit <= 0) return;
    const seqnos = await pollDue(db, table, clock, limit, [...held]);
    m.polled += seqnos.length;
    if (seqnos.length === 0) return;
    const rows = await claimRows(db, table, seqnos);
    m.vanished += seqnos.length - rows.length;
    m.claimed += rows.length;
    bucket.take(rows.length);
    if (rows.length === 0) return;
    await ctx.afterClaim?.(table, rows.map((r) => r.seqno));
    await processClaimed(rows);
  }

  function due(stage: InFlight['stage']): [number, InFlight][] {
    const now = nowMs();
    return [...inFlight.entries()]
      .filter(([s, f]) => f.stage === stage && f.dueAt <= now && !held.has(s))
      .sort(([a], [b]) => a - b)
      .slice(0, MAX_IN_LIST);
  }

  async function deliverReports(): Promise<void> {
    const ready = due('submitted');
    if (ready.length === 0) return;
    const done = await writeFinal(ready.map(([seqno, f]) => ({ seqno, code: f.code, carrier: f.carrier })), '3');
    for (const [seqno, f] of ready) {
      if (!done.has(seqno)) continue;
      m.reported++;
      if (SUCCESS(f.code)) {
        // Developers read 2FA codes from this line in dev.
        logger.info({ table, seqno, dest_no: f.destNo, code: f.code }, `delivered ${table} ${f.destNo}: ${f.content}`);
        ctx.onDelivered?.({ destNo: f.destNo, callBack: f.callBack, msgType: f.msgType, content: f.content });
      }
      inFlight.set(seqno, { ...f, stage: 'reported', dueAt: nowMs() + delay(seqno, 'move'), content: '' });
    }
  }

  async function moveReported(): Promise<void> {
    const ready = due('reported');
    if (ready.length === 0) return;
    const seqnos = ready.map(([s]) => s);
    const logTable = ctx.guard.logTable(table, await clock.moveMonth(db));
    let moved: number;
    try {
      moved = await moveToLog(db, table, logTable, columns, seqnos);
    } catch (err) {
      if (!isNoSuchTable(err)) throw err;
      if (!config.createMissingLogTable) {
        m.missingLogTable++;
        m.errors++;
        logger.warn({ table, logTable, rows: seqnos.length }, `log table ${logTable} is missing; rows stay at rsv1 4`);
        return;
      }
      await createLogTable(db, table, logTable);
      logger.info({ table, logTable }, `created missing log table ${logTable}`);
      moved = await moveToLog(db, table, logTable, columns, seqnos);
    }
    m.moved += moved;
    m.vanished += seqnos.length - moved;
    for (const s of seqnos) inFlight.delete(s);
  }

  /** Reads the table layout and the DB's UTC offset, and rebuilds in-flight work from rsv1 2–4. */
  async function bind(): Promise<void> {
    const cols = await readColumns(db, table);
    if (cols.length === 0) throw new Error(`queue table ${table} does not exist`);
    columns = cols;
    dbOffsetSec = await readDbUtcOffsetSec(db);
    inFlight.clear();
    const rows = await readRows(db, table, null, ['2', '3', '4']);
    for (const row of rows) {
      if (row.rsv1 === '3') {
        const flight = decide(row);
        if (flight) inFlight.set(row.seqno, flight);
      } else if (row.rsv1 === '4') {
        inFlight.set(row.seqno, { stage: 'reported', dueAt: nowMs() + delay(row.seqno, 'move'), code: 0, carrier: null, destNo: '', callBack: '', msgType: '', content: '' });
      }
    }
    await processClaimed(rows.filter((r) => r.rsv1 === '2'));
    ready = true;
  }

  async function runTick(): Promise<void> {
    if (paused) return;
    try {
      if (!ready) await bind();
      if (!unbound) {
        await pollAndSubmit();
        await deliverReports();
      }
      await moveReported();
    } catch (err) {
      m.errors++;
      // Whatever happened, the table is the truth: re-bind and rebuild from it on the next tick.
      ready = false;
      logger.error({ err, table }, `agent ${table} tick failed`);
    }
  }

  return {
    table,
    bind() {
      const attempt = chain.then(async () => {
        try {
          await bind();
        } catch (err) {
          m.errors++;
          logger.warn({ err, table }, `agent ${table} could not bind: ${(err as Error).message}`);
        }
        return ready;
      });
      chain = attempt.then(() => undefined);
      return attempt;
    },
    tick() {
      chain = chain.then(runTick);
      return chain;
    },
    idle: () => chain,
    metrics: () => ({ table, bound: ready && !unbound, paused, ...m, byCode: { ...m.byCode }, inFlight: inFlight.size }),
    async health() {
      const dueCount = await countDue(db, table, clock).catch(() => null);
      return { table, bound: ready && !unbound, paused, lastPollAt, dueCount };
    },
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      unbound = false;
    },
    unbind: () => {
      unbound = true;
    },
    hold: (seqno) => {
      held.add(seqno);
    },
    release: (seqno) => {
      held.delete(seqno);
    },
  };
}
