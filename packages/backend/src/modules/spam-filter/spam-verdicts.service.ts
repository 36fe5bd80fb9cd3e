import { describeResultCode, isFinalCode, type RunMessage } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { settleRun } from '../billing/billing.service.js';
import { addMoney, multiplyMoney, subtractMoney } from '../billing/money.js';
import { listRunMessages, runMonths } from '../qtmsg/result-reader.js';
import * as repo from './spam-filter.repo.js';
import { acquirePhonesLock, releasePhonesLock } from './spam-lock.js';
import { ensureSent, reservedAmount, startQueuedTests } from './spam-start.js';
import { decideVerdict } from './spam-verdict.js';

/**
 * The verdict pass (every 15 s, BullMQ): for each running test read its queue rows' results (live
 * + log tables), decide what can be decided, finish the test when every result is final (money
 * settled once, lock released), then start the next queued test. Every bit of state is in
 * PostgreSQL, Redis and MySQL, so a pass after a worker restart simply carries on; repeating a pass
 * changes nothing.
 */

export interface EvaluateSummary {
  running: number;
  decided: number;
  completed: number;
  started: number;
  errors: number;
}

const PAGE = 200;

async function readCarrierResults(deps: AppDeps, test: repo.TestRow, now: Date): Promise<Map<string, RunMessage>> {
  const months = runMonths(new Date(test.started_at ?? test.created_at), now);
  const out = new Map<string, RunMessage>();
  for (let page = 1; ; page++) {
    const res = await listRunMessages(deps.mysql, test.tables, test.id, months, { page, pageSize: PAGE, reportTz: deps.config.qtmsgReportTz });
    for (const m of res.items) out.set(`${m.destNo}|${m.msgType}`, m);
    if (page * PAGE >= res.total) return out;
  }
}

async function evaluateTest(deps: AppDeps, test: repo.TestRow, now: Date): Promise<number> {
  const [carrier, results] = await Promise.all([
    readCarrierResults(deps, test, now),
    repo.listResults(deps.db, test.company_id, [test.id]),
  ]);
  const devices = new Map((await repo.findDevicesByIds(deps.db, results.map((r) => r.device_id))).map((d) => [d.id, d]));
  let decided = 0;
  for (const r of results) {
    const row = carrier.get(`${r.phone}|${r.message_type}`);
    const lastSeen = devices.get(r.device_id)?.last_seen_at;
    const change = decideVerdict({
      verdict: r.verdict,
      deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
      statusCode: row ? row.statusCode : null,
      startedAt: new Date(test.started_at ?? test.created_at),
      deviceLastSeenAt: lastSeen ? new Date(lastSeen) : null,
      now,
    });
    const key = { companyId: r.company_id, testId: r.test_id, deviceId: r.device_id, messageType: r.message_type };
    if (!change) {
      // a report can arrive before the carrier's code: keep the code for display and settlement
      if (r.status_code === null && row && isFinalCode(row.statusCode)) {
        await repo.updateResult(deps.db, key, { status_code: row.statusCode, status_label: row.label }, [r.verdict]);
      }
      continue;
    }
    const final = change.verdict !== 'pending';
    const updated = await repo.updateResult(deps.db, key, {
      verdict: change.verdict, status_code: change.statusCode, status_label: change.statusLabel,
      delivered_at: change.deliveredAt, decided_at: final ? now : null,
    }, ['pending']);
    if (updated && final) decided++;
  }
  return decided;
}

const isSuccess = (code: number | null): boolean => code !== null && describeResultCode(code).category === 'success';

/** Finishes a test whose results are all final: completed, money settled, once (under the row lock). */
async function completeIfDone(deps: AppDeps, test: repo.TestRow, now: Date): Promise<boolean> {
  const done = await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockTest(trx, test.company_id, test.id);
    if (!locked || locked.status !== 'running') return false;
    const results = await repo.listResults(trx, test.company_id, [test.id]);
    if (results.some((r) => r.verdict === 'pending')) return false;
    // the phone showing the message proves delivery even if the carrier's code is not in yet
    const delivered = results.filter((r) => isSuccess(r.status_code) || r.verdict === 'received');
    const sms = delivered.filter((r) => r.message_type === 'S').length;
    const successAmount = addMoney(multiplyMoney(locked.price_sms, sms), multiplyMoney(locked.price_lms, delivered.length - sms));
    if (locked.reserved_at) {
      const actor = locked.created_by ? { type: 'user' as const, id: locked.created_by, companyId: locked.company_id } : SYSTEM_ACTOR;
      await settleRun(trx, test.company_id, test.id, { successAmount, unusedAmount: subtractMoney(reservedAmount(locked, results), successAmount) }, actor);
    }
    await repo.updateTest(trx, test.company_id, test.id, { status: 'completed', finished_at: now, settled_at: now });
    return true;
  });
  if (done) await releasePhonesLock(deps, { companyId: test.company_id, testId: test.id });
  return done;
}

/** One pass over every running test, then queued tests are started if the phones are free. */
export async function evaluateSpamTests(deps: AppDeps, now: Date): Promise<EvaluateSummary> {
  const running = await repo.listOpenTests(deps.db, 'running');
  const summary: EvaluateSummary = { running: running.length, decided: 0, completed: 0, started: 0, errors: 0 };
  for (const test of running) {
    try {
      // re-take (or renew) the lock: it may have expired while no worker was running
      await acquirePhonesLock(deps, { companyId: test.company_id, testId: test.id });
      await ensureSent(deps, test, now);
      summary.decided += await evaluateTest(deps, test, now);
      if (await completeIfDone(deps, test, now)) summary.completed++;
    } catch (err) {
      summary.errors++;
      deps.logger.error({ err, testId: test.id, companyId: test.company_id }, 'spam test evaluation failed');
    }
  }
  summary.started = await startQueuedTests(deps, now);
  return summary;
}
