import { sql } from 'kysely';
import {
  normalizeCallbackNumber,
  type CampaignPreview,
  type MergeField,
  type MergeValues,
  type StandardMergeField,
  type TargetFilter,
  type TestSendResult,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { priceFor } from '../billing/billing.service.js';
import { multiplyMoney } from '../billing/money.js';
import { assertCallbackUsable } from '../callback-numbers/callback-numbers.service.js';
import { findOptedOut } from '../opt-outs/opt-outs.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { previewTarget, recipientQuery } from '../targeting/targeting.service.js';
import * as repo from './campaigns.repo.js';
import { assertMessageOk, renderMessage, toBuiltView } from './campaign-message.js';
import { getVisibleCampaign } from './campaigns.service.js';
import { dispatchRun } from './dispatch.service.js';
import { checkCampaignMessage } from './message-check.js';
import { getCompanySettings, loadCatalog, specOf } from './run-context.js';
import { listTestContacts } from './test-contacts.repo.js';
import { countTail, directSource, targetSource } from './freeze.repo.js';
import { callbackRuleOf } from './freeze-run.js';

/** Preview (counts + the final message for a real recipient) and test sends, through the send path's own functions. */

interface Sample {
  phone: string;
  name: string | null;
  values: MergeValues;
  callback: string | null;
}

interface DirectEntry {
  phone: string;
  values?: Record<string, string | null>;
}

function valuesOf(row: Record<string, unknown>, catalog: readonly MergeField[]): MergeValues {
  const out: Record<string, string | number | null> = {};
  for (const f of catalog as readonly StandardMergeField[]) {
    if (f.source === 'customer') out[f.name] = (row[f.column] ?? null) as string | number | null;
  }
  return out;
}

async function sampleOf(deps: AppDeps, scope: CompanyScope, campaign: repo.CampaignRow, catalog: readonly MergeField[]): Promise<Sample | null> {
  const fixed = campaign.callback_mode === 'fixed' ? campaign.callback_number : null;
  if (campaign.kind === 'direct') {
    const first = ((campaign.direct_recipients ?? []) as DirectEntry[])[0];
    if (!first) return null;
    const values = first.values ?? {};
    return { phone: first.phone, name: values['이름'] ?? null, values, callback: fixed ?? normalizeCallbackNumber(values['회신번호'] ?? '') };
  }
  const query = await recipientQuery(deps, scope, campaign.target_filter as TargetFilter, { isAd: campaign.is_ad });
  const rows = await sql<Record<string, unknown>>`SELECT * FROM (${query}) AS t LIMIT 1`.execute(deps.db);
  const row = rows.rows[0];
  if (!row) return null;
  return {
    phone: String(row['phone']),
    name: (row['name'] as string | null) ?? null,
    values: valuesOf(row, catalog),
    callback: fixed ?? normalizeCallbackNumber(String(row['store_phone'] ?? '')),
  };
}

interface TailExclusions {
  removedByHand: number;
  excludedCallback: number;
  excludedFrequency: number;
}

/**
 * What the freeze's shared tail will drop from the campaign's candidates — removed by hand, a
 * callback not usable, duplicate-prevention days — counted by the freeze's own source and tail
 * functions (freeze.repo.ts), so preview equals send for target and direct campaigns alike.
 */
async function countTailExclusions(
  deps: AppDeps, scope: CompanyScope, campaign: repo.CampaignRow, days: number | null,
): Promise<TailExclusions> {
  const none = { removedByHand: 0, excludedCallback: 0, excludedFrequency: 0 };
  // nothing the tail could drop: spare a large target its second scan
  if (campaign.callback_mode === 'fixed' && days === null && campaign.excluded_phones.length === 0) return none;
  const callback = await callbackRuleOf(deps, campaign);
  const source = campaign.kind === 'target'
    ? targetSource(await recipientQuery(deps, scope, campaign.target_filter as TargetFilter, { isAd: campaign.is_ad }), callback, [])
    : directSource(scope.companyId, campaign.id, callback);
  const counts = await countTail(deps.db, source, {
    companyId: scope.companyId, campaignId: campaign.id, excludedPhones: campaign.excluded_phones, duplicatePreventionDays: days,
  });
  return { removedByHand: counts.removedByHand, excludedCallback: counts.excludedCallback, excludedFrequency: counts.excludedFrequency };
}

async function targetCounts(deps: AppDeps, scope: CompanyScope, campaign: repo.CampaignRow) {
  if (campaign.kind === 'target') {
    const p = await previewTarget(deps, scope, campaign.target_filter as TargetFilter, { isAd: campaign.is_ad });
    return { matched: p.matched, optedOut: p.optedOut, noConsent: p.noConsent, duplicatePhones: p.duplicatePhones, final: p.final };
  }
  const phones = ((campaign.direct_recipients ?? []) as DirectEntry[]).map((d) => d.phone);
  const unique = [...new Set(phones)];
  const opted = await findOptedOut(deps.db, scope.companyId, unique);
  return { matched: phones.length, optedOut: opted.size, noConsent: 0, duplicatePhones: phones.length - unique.length, final: unique.length - opted.size };
}

export async function previewCampaign(deps: AppDeps, scope: CompanyScope, id: string): Promise<CampaignPreview> {
  const campaign = await getVisibleCampaign(deps, scope, id);
  const company = await getCompanySettings(deps, scope.companyId);
  const catalog = await loadCatalog(deps, campaign);
  const spec = specOf(campaign, company.opt_out_080_number);
  const [counts, tail, sample, message] = await Promise.all([
    targetCounts(deps, scope, campaign),
    countTailExclusions(deps, scope, campaign, company.duplicate_prevention_days),
    sampleOf(deps, scope, campaign, catalog),
    checkCampaignMessage(deps, scope, campaign, spec, catalog),
  ]);
  const final = Math.max(0, counts.final - tail.removedByHand - tail.excludedCallback - tail.excludedFrequency);
  const unitPrice = priceFor(company, campaign.msg_type);
  return {
    target: { ...counts, ...tail, final },
    sample: sample
      ? { phone: sample.phone, name: sample.name, message: toBuiltView(renderMessage(spec, catalog, sample.values, sample.callback ?? undefined)) }
      : null,
    message: toBuiltView(message),
    unitPrice,
    estimatedCost: multiplyMoney(unitPrice, final),
  };
}

/** Test send: the sample recipient's message to the test contacts, on the test line, billed like a send. */
export async function testSendCampaign(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string): Promise<TestSendResult> {
  const campaign = await getVisibleCampaign(deps, scope, id);
  const company = await getCompanySettings(deps, scope.companyId);
  const catalog = await loadCatalog(deps, campaign);
  const spec = specOf(campaign, company.opt_out_080_number);
  if ((await listTestContacts(deps.db, scope.companyId, scope.userId)).length === 0) {
    throw validationFailed('등록된 테스트 번호가 없습니다. 테스트 번호를 먼저 등록해 주세요.');
  }
  const sample = await sampleOf(deps, scope, campaign, catalog);
  const values = sample?.values ?? {};
  const callback = campaign.callback_mode === 'fixed' ? campaign.callback_number : sample?.callback ?? null;
  if (!callback) throw validationFailed('개별회신번호로 테스트하려면 매장 전화번호가 있는 대상 고객이 필요합니다.');
  await assertCallbackUsable(deps, scope, callback);
  assertMessageOk(renderMessage(spec, catalog, values, callback));
  const run = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertRun(trx, {
      company_id: scope.companyId, campaign_id: campaign.id, kind: 'test', status: 'dispatching',
      msg_type: campaign.msg_type, unit_price: priceFor(company, campaign.msg_type), billing_type: company.billing_type,
      is_ad: campaign.is_ad, created_by: scope.userId,
      test_sample: JSON.stringify({ sampleMerge: values, sampleCallback: callback }),
    });
    await recordAudit(trx, actor, {
      action: 'campaign.test_send', companyId: scope.companyId, targetType: 'campaign', targetId: campaign.id, details: { runId: created.id },
    });
    return created;
  });
  await dispatchRun(deps, scope.companyId, run.id);
  const after = (await repo.findRun(deps.db, scope.companyId, run.id)) ?? run;
  return { runId: after.id, status: after.status, total: after.total, excludedOptOut: after.excluded_opt_out };
}
