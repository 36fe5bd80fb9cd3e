import type { Insertable } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { SpamTestResultsTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../audit/audit.service.js';
import { reserveForRun } from '../billing/billing.service.js';
import { addMoney, multiplyMoney } from '../billing/money.js';
import { getTestSmsTables } from '../line-groups/line-groups.service.js';
import { findOptedOut } from '../opt-outs/opt-outs.service.js';
import { batchTagsPresent, enqueueBatch, type QueueRow } from '../qtmsg/queue-writer.js';
import { runMonths } from '../qtmsg/result-reader.js';
import * as repo from './spam-filter.repo.js';
import { acquirePhonesLock, findPhonesLockHolder, releasePhonesLock } from './spam-lock.js';

/**
 * Starting a queued test: take the global phones lock, then in one transaction reserve the money
 * and create one result row per active test phone (minus the company's opt-outs) per message type,
 * then write exactly those rows to the TEST line tagged with the test id. The MySQL write is
 * checked by batch tag, so a crash between the commit and the insert is repaired (`ensureSent`)
 * by the next verdict job without sending twice.
 */

export const SPAM_BATCH_TAG = 'spam';

type StartOutcome = 'started' | 'busy' | 'gone' | 'failed';

const actorOf = (test: repo.TestRow): Actor =>
  test.created_by ? { type: 'user', id: test.created_by, companyId: test.company_id } : { type: 'system', id: null };

const holderOf = (test: repo.TestRow) => ({ companyId: test.company_id, testId: test.id });

export function reservedAmount(test: repo.TestRow, results: ReadonlyArray<Pick<repo.ResultRow, 'message_type'>>): string {
  const sms = results.filter((r) => r.message_type === 'S').length;
  return addMoney(multiplyMoney(test.price_sms, sms), multiplyMoney(test.price_lms, results.length - sms));
}

/** Starts queued tests in order while the phones are free; returns how many started. */
export async function startQueuedTests(deps: AppDeps, now: Date): Promise<number> {
  let started = 0;
  for (const test of await repo.listOpenTests(deps.db, 'queued')) {
    const outcome = await startTest(deps, test, now);
    if (outcome === 'started') started++;
    if (outcome === 'started' || outcome === 'busy') break;
  }
  return started;
}

/** A lock whose holder is no longer running (crashed before it could release) is cleared. */
async function clearStaleLock(deps: AppDeps): Promise<boolean> {
  const holder = await findPhonesLockHolder(deps);
  if (!holder) return true;
  const test = await repo.findTest(deps.db, holder.companyId, holder.testId);
  if (test?.status === 'running') return false;
  await releasePhonesLock(deps, holder);
  return true;
}

async function startTest(deps: AppDeps, test: repo.TestRow, now: Date): Promise<StartOutcome> {
  if (!(await acquirePhonesLock(deps, holderOf(test)))) {
    if (!(await clearStaleLock(deps)) || !(await acquirePhonesLock(deps, holderOf(test)))) return 'busy';
  }
  let outcome: StartOutcome;
  try {
    const tables = await getTestSmsTables(deps);
    outcome = await deps.db.transaction().execute((trx) => startInTransaction(trx, test, tables, now));
  } catch (err) {
    await releasePhonesLock(deps, holderOf(test));
    if (!(err instanceof AppError)) throw err;
    await failTest(deps, test, err.message, now);
    return 'failed';
  }
  if (outcome !== 'started') {
    await releasePhonesLock(deps, holderOf(test));
    return outcome;
  }
  await ensureSent(deps, (await repo.findTest(deps.db, test.company_id, test.id)) ?? test, now);
  return 'started';
}

async function startInTransaction(trx: Parameters<typeof repo.lockTest>[0], test: repo.TestRow, tables: string[], now: Date): Promise<StartOutcome> {
  await repo.lockTestStarts(trx);
  if ((await repo.listOpenTests(trx, 'running')).some((t) => t.id !== test.id)) return 'busy';
  const locked = await repo.lockTest(trx, test.company_id, test.id);
  if (!locked || locked.status !== 'queued') return 'gone';
  const devices = await repo.listDevices(trx, { activeOnly: true });
  const opted = await findOptedOut(trx, test.company_id, devices.map((d) => d.phone));
  const targets = devices.filter((d) => !opted.has(d.phone));
  if (targets.length === 0) throw new AppError('service_unavailable', 503, '사용할 수 있는 스팸 테스트 폰이 없습니다.');
  const types: Array<'S' | 'L'> = [...(locked.sms_text !== null ? ['S' as const] : []), ...(locked.lms_text !== null ? ['L' as const] : [])];
  const results: Insertable<SpamTestResultsTable>[] = targets.flatMap((d) => types.map((t) => ({
    company_id: test.company_id, test_id: test.id, device_id: d.id, phone: d.phone, carrier: d.carrier, message_type: t,
  })));
  await reserveForRun(trx, test.company_id, test.id, reservedAmount(locked, results), actorOf(locked));
  await repo.insertResults(trx, results);
  await repo.updateTest(trx, test.company_id, test.id, {
    status: 'running', started_at: now, reserved_at: now, tables, excluded_opt_out: devices.length - targets.length,
  });
  return 'started';
}

/** A queued test that cannot start (no balance, no phones, no test line): failed with its reason. */
async function failTest(deps: AppDeps, test: repo.TestRow, reason: string, now: Date): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockTest(trx, test.company_id, test.id);
    if (!locked || locked.status !== 'queued') return;
    await repo.updateTest(trx, test.company_id, test.id, { status: 'failed', failure_reason: reason, finished_at: now });
  });
  deps.logger.warn({ testId: test.id, companyId: test.company_id, reason }, 'spam test could not start');
}

function queueRowsOf(test: repo.TestRow, results: readonly repo.ResultRow[]): QueueRow[] {
  return results.map((r) => r.message_type === 'S'
    ? { destNo: r.phone, callBack: test.callback_number, body: test.sms_text ?? '', msgType: 'S' as const }
    : { destNo: r.phone, callBack: test.callback_number, body: test.lms_text ?? '', subject: test.lms_subject ?? '', msgType: 'L' as const });
}

/** Writes the test's queue rows unless MySQL already holds them; idempotent. */
export async function ensureSent(deps: AppDeps, test: repo.TestRow, now: Date): Promise<void> {
  if (test.status !== 'running' || test.sent_at || !test.started_at) return;
  const months = runMonths(new Date(test.started_at), now);
  const present = await batchTagsPresent(deps.mysql, test.tables, test.id, months, [SPAM_BATCH_TAG]);
  if (!present.has(SPAM_BATCH_TAG)) {
    const results = await repo.listResults(deps.db, test.company_id, [test.id]);
    await enqueueBatch(deps.mysql, test.tables, queueRowsOf(test, results), { runId: test.id, batchTag: SPAM_BATCH_TAG });
  }
  await repo.updateTest(deps.db, test.company_id, test.id, { sent_at: now });
}
