import { pickLongestValues, type MergeValues, type TargetFilter } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { reserveForRun } from '../billing/billing.service.js';
import { multiplyMoney } from '../billing/money.js';
import { assertCallbackUsable, listUsableCallbackNumbers } from '../callback-numbers/callback-numbers.service.js';
import { getCompanySmsTables, getTestSmsTables } from '../line-groups/line-groups.service.js';
import { MAX_ROWS_PER_STATEMENT } from '../qtmsg/queue-writer.js';
import type { Actor } from '../audit/audit.service.js';
import { previewTarget, recipientQuery } from '../targeting/targeting.service.js';
import * as repo from './campaigns.repo.js';
import * as frozen from './freeze.repo.js';
import { assertMessageOk, checkMessage, mergeColumnsOf, type MessageSpec } from './campaign-message.js';
import { authorScope, getCompanySettings, loadCatalog, specOf } from './run-context.js';

/**
 * Step one of a dispatch: freeze the recipient set and reserve its cost, exactly once per run.
 * Freezing commits before the reservation (the billing lock must be held only briefly); a resumed
 * dispatch skips whatever already happened (`frozen`, `reserved_at`). Any refusal here — no
 * balance (402), a message that no longer fits, a callback number since deleted — fails the run
 * with its reason and nothing is queued.
 */

/** One batch = one queue INSERT statement = one batch tag (atomic, so resume can trust the tag). */
export const BATCH_SIZE = MAX_ROWS_PER_STATEMENT;

export type FreezeOutcome = { kind: 'ready'; run: repo.RunRow } | { kind: 'stopped'; status: string };

/** The numbers the campaign's author may send with, as digits (the callback rule at freeze, preview and each window). */
export async function usableCallbackNumbers(deps: AppDeps, campaign: repo.CampaignRow): Promise<string[]> {
  return (await listUsableCallbackNumbers(deps, authorScope(campaign))).callbackNumbers.map((n) => n.number);
}

/** The campaign's callback rule (freeze and preview use the same). */
export async function callbackRuleOf(deps: AppDeps, campaign: repo.CampaignRow): Promise<frozen.CallbackRule> {
  return campaign.callback_mode === 'fixed'
    ? { mode: 'fixed', number: campaign.callback_number ?? '' }
    : { mode: 'individual', usable: await usableCallbackNumbers(deps, campaign) };
}

export function authorActor(run: repo.RunRow): Actor {
  return run.created_by ? { type: 'user', id: run.created_by, companyId: run.company_id } : { type: 'system', id: null };
}

export async function freezeRun(deps: AppDeps, run: repo.RunRow): Promise<FreezeOutcome> {
  try {
    const afterFreeze = run.frozen ? run : await freezeOnce(deps, run);
    if (afterFreeze.status === 'cancelled' || afterFreeze.status === 'failed') return { kind: 'stopped', status: afterFreeze.status };
    if (afterFreeze.total === 0) return { kind: 'stopped', status: (await finishEmpty(deps, afterFreeze)).status };
    const reserved = afterFreeze.reserved_at ? afterFreeze : await reserveOnce(deps, afterFreeze);
    if (reserved.status !== 'dispatching') return { kind: 'stopped', status: reserved.status };
    return { kind: 'ready', run: reserved };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await failRun(deps, run, err.message);
    return { kind: 'stopped', status: 'failed' };
  }
}

async function tablesFor(deps: AppDeps, run: repo.RunRow): Promise<string[]> {
  return run.kind === 'test' ? getTestSmsTables(deps) : getCompanySmsTables(deps, run.company_id, run.created_by ?? undefined);
}

function batchPlan(total: number, splitPerMinute: number | null): { batchSize: number; perMinute: number | null; batches: number } {
  if (!splitPerMinute) return { batchSize: BATCH_SIZE, perMinute: null, batches: Math.ceil(total / BATCH_SIZE) };
  const perMinute = Math.ceil(splitPerMinute / BATCH_SIZE);
  const batchSize = Math.max(1, Math.floor(splitPerMinute / perMinute));
  return { batchSize, perMinute, batches: Math.ceil(total / batchSize) };
}

async function freezeOnce(deps: AppDeps, run: repo.RunRow): Promise<repo.RunRow> {
  const campaign = await repo.findCampaign(deps.db, run.company_id, run.campaign_id);
  if (!campaign) throw new AppError('not_found', 404, '캠페인을 찾을 수 없습니다.');
  const company = await getCompanySettings(deps, run.company_id);
  const scope = authorScope(campaign);
  if (campaign.callback_mode === 'fixed') await assertCallbackUsable(deps, scope, campaign.callback_number ?? '');
  const tables = await tablesFor(deps, run);
  const catalog = await loadCatalog(deps, campaign);
  const preview = campaign.kind === 'target' && run.kind === 'send'
    ? await previewTarget(deps, scope, campaign.target_filter as TargetFilter, { isAd: campaign.is_ad })
    : null;
  const callback = await callbackRuleOf(deps, campaign);
  const mergeColumns = mergeColumnsOf(campaign.body, catalog);
  const recipients = campaign.kind === 'target' && run.kind === 'send'
    ? await recipientQuery(deps, scope, campaign.target_filter as TargetFilter, {
      isAd: campaign.is_ad, only: ['store_phone', ...mergeColumns.map((c) => c.column)],
    })
    : null;
  return deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRun(trx, run.company_id, run.id);
    if (!locked || locked.frozen || locked.status === 'cancelled' || locked.status === 'failed') return locked ?? run;
    const tail = {
      companyId: run.company_id, runId: run.id, campaignId: campaign.id, excludedPhones: campaign.excluded_phones,
      duplicatePreventionDays: run.kind === 'send' ? company.duplicate_prevention_days : null,
    };
    const counts = { matched: 0, excluded_opt_out: 0, excluded_no_consent: 0, excluded_duplicate: 0 };
    let result: frozen.FreezeCounts;
    if (run.kind === 'test') {
      const sample = (locked.test_sample ?? {}) as { sampleMerge?: Record<string, unknown>; sampleCallback?: string };
      const number = callback.mode === 'fixed' ? callback.number : (sample.sampleCallback ?? '');
      const r = await frozen.freezeTestRecipients(trx, run.created_by, number, sample.sampleMerge ?? {}, tail);
      Object.assign(counts, { matched: r.candidates + r.optedOut, excluded_opt_out: r.optedOut });
      result = r;
    } else if (campaign.kind === 'direct') {
      const r = await frozen.freezeDirectRecipients(trx, campaign.id, callback, tail);
      Object.assign(counts, { matched: r.listed, excluded_opt_out: r.optedOut, excluded_duplicate: r.duplicates });
      result = r;
    } else {
      result = await frozen.freezeTargetRecipients(trx, recipients!, callback, mergeColumns, tail);
      Object.assign(counts, {
        matched: preview!.matched, excluded_opt_out: preview!.optedOut,
        excluded_no_consent: preview!.noConsent, excluded_duplicate: preview!.duplicatePhones,
      });
    }
    const plan = batchPlan(result.inserted, campaign.split_per_minute);
    const now = deps.now();
    return repo.updateRun(trx, run.company_id, run.id, {
      ...counts,
      status: 'dispatching',
      frozen: true,
      tables,
      total: result.inserted,
      excluded_callback: result.excludedCallback,
      excluded_frequency: result.excludedFrequency,
      batch_size: plan.batchSize,
      batches_per_minute: plan.perMinute,
      total_batches: plan.batches,
      next_batch: 0,
      dispatch_started_at: now,
      split_base_at: now,
      split_base_batch: 0,
    });
  });
}

/** The size check on the final text with the longest real value of every variable (rules §1). */
async function assertFrozenMessageFits(deps: AppDeps, run: repo.RunRow, campaign: repo.CampaignRow, spec: MessageSpec): Promise<void> {
  const catalog = await loadCatalog(deps, campaign);
  const names = [...new Set(catalog.map((f) => f.name))];
  const candidates: Record<string, MergeValues[]> = {};
  for (const name of names) {
    if (!campaign.body.includes(`%${name}`)) continue;
    const values = name === '회신번호' ? [] : await frozen.longestMergeValues(deps.db, run.company_id, run.id, name);
    candidates[name] = values.map((v) => ({ [name]: v }));
  }
  const longest = pickLongestValues(Object.values(candidates).flat(), catalog);
  assertMessageOk(checkMessage(spec, catalog, longest));
}

async function reserveOnce(deps: AppDeps, run: repo.RunRow): Promise<repo.RunRow> {
  const campaign = await repo.findCampaign(deps.db, run.company_id, run.campaign_id);
  if (!campaign) throw new AppError('not_found', 404, '캠페인을 찾을 수 없습니다.');
  const company = await getCompanySettings(deps, run.company_id);
  await assertFrozenMessageFits(deps, run, campaign, specOf(campaign, company.opt_out_080_number));
  const amount = multiplyMoney(run.unit_price, run.total);
  return deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRun(trx, run.company_id, run.id);
    if (!locked || locked.status !== 'dispatching' || locked.reserved_at) return locked ?? run;
    await reserveForRun(trx, run.company_id, run.id, amount, authorActor(run));
    return repo.updateRun(trx, run.company_id, run.id, { reserved_at: deps.now() });
  });
}

async function finishEmpty(deps: AppDeps, run: repo.RunRow): Promise<repo.RunRow> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const done = await repo.updateRun(trx, run.company_id, run.id, {
      status: 'completed', dispatched_at: now, completed_at: now, settled_at: now,
    });
    if (run.kind === 'send') await repo.updateCampaign(trx, run.company_id, run.campaign_id, { status: 'completed' });
    return done;
  });
}

/** A run that cannot go out: failed with its reason, nothing queued, nothing reserved. */
export async function failRun(deps: AppDeps, run: repo.RunRow, reason: string): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRun(trx, run.company_id, run.id);
    if (!locked || locked.next_batch > 0 || locked.status === 'cancelled') return;
    await repo.updateRun(trx, run.company_id, run.id, {
      status: 'failed', failure_reason: reason, completed_at: now, settled_at: now, pending: 0,
    });
    await frozen.deleteRunRecipients(trx, run.company_id, run.id);
    if (run.kind === 'send') await repo.updateCampaign(trx, run.company_id, run.campaign_id, { status: 'failed' });
  });
}
