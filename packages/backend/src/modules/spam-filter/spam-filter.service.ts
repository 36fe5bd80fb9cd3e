import type { ActiveSpamTest, CreateSpamTestBody, SpamTest, SpamTestListQuery, SpamTestPage } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { conflict, notFound, serviceUnavailable, tooManyRequests } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { costFor, insufficientBalance, priceFor } from '../billing/billing.service.js';
import { addMoney, compareMoney } from '../billing/money.js';
import { assertCallbackUsable } from '../callback-numbers/callback-numbers.service.js';
import { assertMessageOk, catalogFor, renderMessage, type MessageSpec } from '../campaigns/campaign-message.js';
import { getCompanySettings } from '../campaigns/run-context.js';
import { getTestSmsTables } from '../line-groups/line-groups.service.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './spam-filter.repo.js';
import { startQueuedTests } from './spam-start.js';
import { toSpamTest } from './spam-filter.view.js';

/**
 * Company side of the spam-filter test. A request is checked completely before anything is
 * written: the final texts through the one message builder (ad wrap with the company's 080), a
 * registered callback number, the 60 s cooldown, one open test per company, a test line and test
 * phones, and (prepaid) the balance. The test is then queued and started at once if the phones
 * are free; otherwise the verdict job starts it when the running test of another company ends.
 */

export const COOLDOWN_MS = 60_000;

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

interface FinalTexts {
  sms: string | null;
  lmsSubject: string | null;
  lms: string | null;
}

/** The exact texts the phones get, built like a test send's: direct catalog, the callback filling `%회신번호%`. */
function buildFinalTexts(body: CreateSpamTestBody, optOut080: string | null, callback: string): FinalTexts {
  const catalog = catalogFor('direct', []);
  const render = (spec: Omit<MessageSpec, 'images' | 'optOut080'>) => {
    const built = renderMessage({ ...spec, images: [], optOut080 }, catalog, {}, callback);
    assertMessageOk(built);
    return built;
  };
  const sms = body.sms ? render({ type: 'SMS', subject: null, body: body.sms.body, isAd: body.sms.isAd }) : null;
  const lms = body.lms ? render({ type: 'LMS', subject: body.lms.subject, body: body.lms.body, isAd: body.lms.isAd }) : null;
  return { sms: sms?.body ?? null, lmsSubject: lms?.subject ?? null, lms: lms?.body ?? null };
}

async function assertCooldown(deps: AppDeps, companyId: string, now: Date): Promise<void> {
  const latest = await repo.findLatestTest(deps.db, companyId);
  if (!latest) return;
  const wait = COOLDOWN_MS - (now.getTime() - new Date(latest.created_at).getTime());
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw tooManyRequests(`스팸 테스트는 1분에 한 번만 할 수 있습니다. ${seconds}초 후에 다시 시도해 주세요.`, seconds);
  }
}

export async function createSpamTest(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateSpamTestBody): Promise<SpamTest> {
  const now = deps.now();
  const company = await getCompanySettings(deps, scope.companyId);
  const callback = (await assertCallbackUsable(deps, scope, body.callbackNumber)).number;
  const texts = buildFinalTexts(body, company.opt_out_080_number, callback);
  await assertCooldown(deps, scope.companyId, now);
  if (await repo.findOpenTestOfCompany(deps.db, scope.companyId)) throw conflict('진행 중인 스팸 테스트가 있습니다. 끝난 뒤에 다시 시도해 주세요.');
  await getTestSmsTables(deps);
  const phones = (await repo.listDevices(deps.db, { activeOnly: true })).length;
  if (phones === 0) throw serviceUnavailable('등록된 스팸 테스트 폰이 없습니다. 관리자에게 문의해 주세요.');
  const cost = addMoney(costFor(company, 'SMS', texts.sms === null ? 0 : phones), costFor(company, 'LMS', texts.lms === null ? 0 : phones));
  if (company.billing_type === 'prepaid' && compareMoney(company.balance, cost) < 0) throw insufficientBalance(company.balance, cost);
  let test: repo.TestRow;
  try {
    test = await deps.db.transaction().execute(async (trx) => {
      const created = await repo.insertTest(trx, {
        company_id: scope.companyId, callback_number: callback, sms_text: texts.sms, lms_subject: texts.lmsSubject, lms_text: texts.lms,
        price_sms: priceFor(company, 'SMS'), price_lms: priceFor(company, 'LMS'), created_by: scope.userId, created_at: now,
      });
      await recordAudit(trx, actor, { action: 'spam_test.create', companyId: scope.companyId, targetType: 'spam_test', targetId: created.id, details: { callback } });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('진행 중인 스팸 테스트가 있습니다. 끝난 뒤에 다시 시도해 주세요.');
    throw err;
  }
  await startQueuedTests(deps, now);
  return getSpamTest(deps, scope, test.id);
}

async function queuePositionOf(deps: AppDeps, test: repo.TestRow): Promise<number> {
  if (test.status !== 'queued') return 0;
  const [ahead, running] = await Promise.all([
    repo.countQueuedBefore(deps.db, new Date(test.created_at)),
    repo.listOpenTests(deps.db, 'running'),
  ]);
  return ahead + running.length;
}

export async function getSpamTest(deps: AppDeps, scope: CompanyScope, id: string): Promise<SpamTest> {
  const test = await repo.findTest(deps.db, scope.companyId, id);
  if (!test) throw notFound('스팸 테스트');
  const results = await repo.listResults(deps.db, scope.companyId, [test.id]);
  return toSpamTest(test, results, await queuePositionOf(deps, test));
}

export async function listSpamTests(deps: AppDeps, scope: CompanyScope, query: SpamTestListQuery): Promise<SpamTestPage> {
  const { rows, total } = await repo.listTests(deps.db, scope.companyId, query.pageSize, (query.page - 1) * query.pageSize);
  const results = await repo.listResults(deps.db, scope.companyId, rows.map((r) => r.id));
  const items = await Promise.all(rows.map(async (t) => toSpamTest(t, results, await queuePositionOf(deps, t))));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** The company's queued or running test (the screen resumes it after a reload). */
export async function findActiveSpamTest(deps: AppDeps, scope: CompanyScope): Promise<ActiveSpamTest> {
  const test = await repo.findOpenTestOfCompany(deps.db, scope.companyId);
  return { test: test ? await getSpamTest(deps, scope, test.id) : null };
}
