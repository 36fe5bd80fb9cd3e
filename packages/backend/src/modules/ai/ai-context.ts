import {
  buildMergeCatalog,
  isFilterGroup,
  kstDate,
  type FilterCondition,
  type FilterGroup,
  type StandardMergeField,
  type TargetFieldCatalog,
  type TargetFilter,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { getCompanySendSettings } from '../campaigns/campaigns.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { listTargetFields } from '../targeting/targeting.service.js';
import { findCustomerStats, findStores, type CustomerStats } from './ai.repo.js';
import type { TargetVocabulary } from './offline/parse-target.js';

/** What the AI may know about a company: its catalog, value lists and aggregates — no rows. */
export interface AiCompanyContext {
  scope: CompanyScope;
  now: Date;
  today: string;
  fields: TargetFieldCatalog['fields'];
  vocab: TargetVocabulary;
  stats: CustomerStats;
  mergeCatalog: StandardMergeField[];
  optOut080: string | null;
  sendStartHour: number;
  sendEndHour: number;
}

const VALUE_LIST_LIMIT = 200;

export async function loadAiContext(deps: AppDeps, scope: CompanyScope): Promise<AiCompanyContext> {
  const now = deps.now();
  const [catalog, stores, stats, settings] = await Promise.all([
    listTargetFields(deps, scope),
    findStores(deps.db, scope, VALUE_LIST_LIMIT),
    findCustomerStats(deps.db, scope),
    getCompanySendSettings(deps, scope.companyId),
  ]);
  const values = (field: string) => catalog.fields.find((f) => f.field === field)?.values?.map((v) => v.value) ?? [];
  const storeCodes = new Set(values('store_code'));
  const custom = catalog.fields.filter((f) => f.isCustom);
  return {
    scope,
    now,
    today: kstDate(now),
    fields: catalog.fields,
    vocab: {
      today: kstDate(now),
      grades: values('grade'),
      regions: values('region'),
      stores: stores.filter((s) => storeCodes.has(s.code)),
    },
    stats,
    mergeCatalog: buildMergeCatalog(custom.map((f) => ({ column: f.field, label: f.label, fieldType: f.type as 'string' | 'number' | 'date' | 'boolean' }))),
    optOut080: settings.opt_out_080_number,
    sendStartHour: settings.send_start_hour,
    sendEndHour: settings.send_end_hour,
  };
}

/**
 * Problems of a (parsed) filter against the company's catalog: unknown or custom fields the
 * company has not defined, and grade/region/store values the company does not have.
 */
export function catalogProblems(filter: TargetFilter, ctx: AiCompanyContext): string[] {
  if (!isFilterGroup(filter)) return [];
  const problems: string[] = [];
  const byField = new Map(ctx.fields.map((f) => [f.field, f]));
  const walk = (group: FilterGroup) => {
    for (const c of group.conditions) {
      if (isFilterGroup(c)) walk(c);
      else checkCondition(c);
    }
  };
  const checkCondition = (c: FilterCondition) => {
    const info = byField.get(c.field);
    if (!info) {
      problems.push(`이 고객사에 없는 항목입니다: ${c.field}`);
      return;
    }
    if (!info.operators.some((o) => o.operator === c.operator)) problems.push(`${info.label}에는 ${c.operator} 조건을 쓸 수 없습니다.`);
    const list = c.field === 'gender' ? null : info.values;
    if (!list || list.length === 0 || list.length >= VALUE_LIST_LIMIT) return;
    const known = new Set(list.map((v) => v.value));
    const given = c.operator === 'in' ? c.value : c.operator === 'eq' || c.operator === 'neq' ? [c.value] : [];
    const unknown = given.filter((v) => !known.has(String(v)));
    if (unknown.length > 0) problems.push(`${info.label}에 없는 값입니다: ${unknown.join(', ')} (가능한 값: ${[...known].join(', ')})`);
  };
  walk(filter);
  return problems;
}
