import { sql } from 'kysely';
import { pickLongestValues, type MergeField, type MergeValues, type TargetFilter } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { recipientQuery } from '../targeting/targeting.service.js';
import type { CompanyScope } from '../scope/scope.js';
import type { CampaignRow } from './campaigns.repo.js';
import { assertMessageOk, checkMessage, mergeColumnsOf, type MessageSpec } from './campaign-message.js';

/**
 * The request-time size check (rules §1): the final text with, per variable, the longest value
 * among the recipients the send would reach — read from the same recipient query the dispatch
 * freezes. The dispatch checks again on the frozen set.
 */

interface DirectEntry {
  phone: string;
  values?: Record<string, string | null>;
}

async function longestTargetValues(deps: AppDeps, scope: CompanyScope, campaign: CampaignRow, catalog: readonly MergeField[]): Promise<MergeValues[]> {
  const columns = mergeColumnsOf(campaign.body, catalog);
  if (columns.length === 0 || !campaign.target_filter) return [];
  const query = await recipientQuery(deps, scope, campaign.target_filter as TargetFilter, { isAd: campaign.is_ad });
  const out: MergeValues[] = [];
  for (const { name, column } of columns) {
    const col = sql.ref(`t.${column}`);
    const rows = await sql<{ v: string | number | null }>`
      SELECT ${col} AS v FROM (${query}) AS t ORDER BY octet_length(${col}::text) DESC NULLS LAST LIMIT 5`.execute(deps.db);
    for (const r of rows.rows) out.push({ [name]: r.v });
  }
  return out;
}

export function directValues(campaign: CampaignRow): MergeValues[] {
  return ((campaign.direct_recipients ?? []) as DirectEntry[]).map((d) => d.values ?? {});
}

export async function checkCampaignMessage(
  deps: AppDeps,
  scope: CompanyScope,
  campaign: CampaignRow,
  spec: MessageSpec,
  catalog: readonly MergeField[],
) {
  const candidates = campaign.kind === 'direct' ? directValues(campaign) : await longestTargetValues(deps, scope, campaign, catalog);
  const hasVariables = /%[^%\s]+%/.test(campaign.body);
  return hasVariables && candidates.length > 0
    ? checkMessage(spec, catalog, pickLongestValues(candidates, catalog))
    : checkMessage(spec, catalog);
}

export async function assertCampaignMessage(
  deps: AppDeps,
  scope: CompanyScope,
  campaign: CampaignRow,
  spec: MessageSpec,
  catalog: readonly MergeField[],
): Promise<void> {
  assertMessageOk(await checkCampaignMessage(deps, scope, campaign, spec, catalog));
}
