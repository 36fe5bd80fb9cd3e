import type { MergeField } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../errors.js';
import * as repo from './campaigns.repo.js';
import { catalogFor, compileRenderer, type MessageSpec, type RecipientRenderer } from './campaign-message.js';
import type { SendWindowInput } from './send-window.js';
import type { CompanyScope } from '../scope/scope.js';

/** Everything a dispatch window needs, read once per dispatch: message, catalog, tables, window. */
export interface RunContext {
  companyId: string;
  runId: string;
  campaignId: string;
  kind: 'send' | 'test';
  tables: string[];
  batchSize: number;
  /** Whose rights the dispatch has (callback numbers are re-checked with them every window). */
  author: CompanyScope;
  /** The one builder, compiled for this run's message: recipient values → final text. */
  render: RecipientRenderer;
  window: SendWindowInput;
}

/** The scope the campaign was authored in: a dispatch reaches no more than its author could. */
export function authorScope(campaign: repo.CampaignRow): CompanyScope {
  return { companyId: campaign.company_id, storeCodes: campaign.store_codes, userId: campaign.created_by, role: 'company_user' };
}

export function specOf(campaign: repo.CampaignRow, optOut080: string | null): MessageSpec {
  return {
    type: campaign.msg_type,
    subject: campaign.subject,
    body: campaign.body,
    isAd: campaign.is_ad,
    images: (campaign.mms_images ?? []) as MessageSpec['images'],
    optOut080,
  };
}

export function windowOf(campaign: Pick<repo.CampaignRow, 'is_ad'>, company: repo.CompanySendSettings, kind: 'send' | 'test' = 'send'): SendWindowInput {
  // a test send goes to the marketer's own phones: the ad window protects customers, not testers
  return { isAd: campaign.is_ad && kind === 'send', sendStartHour: company.send_start_hour, sendEndHour: company.send_end_hour };
}

export async function getCompanySettings(deps: AppDeps, companyId: string): Promise<repo.CompanySendSettings> {
  const company = await repo.findCompanySendSettings(deps.db, companyId);
  if (!company) throw notFound('고객사');
  return company;
}

export async function loadCatalog(deps: AppDeps, campaign: repo.CampaignRow): Promise<readonly MergeField[]> {
  const labels = campaign.kind === 'direct' ? [] : await repo.listCustomLabels(deps.db, campaign.company_id);
  return catalogFor(campaign.kind, labels);
}

/** A company's target-send catalog (standard + labelled custom fields), e.g. to check a saved template. */
export async function loadCompanyCatalog(deps: AppDeps, companyId: string): Promise<readonly MergeField[]> {
  return catalogFor('target', await repo.listCustomLabels(deps.db, companyId));
}

export async function loadRunContext(deps: AppDeps, run: repo.RunRow): Promise<RunContext> {
  const campaign = await repo.findCampaign(deps.db, run.company_id, run.campaign_id);
  if (!campaign) throw notFound('캠페인');
  const company = await getCompanySettings(deps, run.company_id);
  const catalog = await loadCatalog(deps, campaign);
  return {
    companyId: run.company_id,
    runId: run.id,
    campaignId: run.campaign_id,
    kind: run.kind,
    tables: run.tables,
    batchSize: run.batch_size,
    author: authorScope(campaign),
    render: compileRenderer(specOf(campaign, company.opt_out_080_number), catalog),
    window: windowOf(campaign, company, run.kind),
  };
}
