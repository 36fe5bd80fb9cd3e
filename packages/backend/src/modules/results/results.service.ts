import {
  kstDayRange,
  type ResultCampaignDetail, type ResultCampaignItem, type ResultCampaignList, type ResultCampaignListQuery,
  type ResultsSummary, type ResultsSummaryQuery, type RunMessagePage, type RunMessageQuery,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../errors.js';
import { multiplyMoney } from '../billing/money.js';
import { aggregateRun, listRunMessages, runMonths } from '../qtmsg/result-reader.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './results.repo.js';

/** Result screens: stored counts for lists and summaries, the one result reader for details and message logs. */

const rate = (success: number, failed: number): number | null => (success + failed === 0 ? null : success / (success + failed));

function toItem(r: repo.ResultRunRow): ResultCampaignItem {
  return {
    campaignId: r.campaign_id, runId: r.run_id, name: r.name, kind: r.kind, messageType: r.msg_type, status: r.status,
    sentAt: r.dispatch_started_at ? new Date(r.dispatch_started_at).toISOString() : null,
    total: r.total, queued: r.queued, success: r.success, failed: r.failed, pending: r.pending, cancelled: r.cancelled,
    successRate: rate(r.success, r.failed), cost: multiplyMoney(r.unit_price, r.success),
  };
}

export async function getResultsSummary(deps: AppDeps, scope: CompanyScope, q: ResultsSummaryQuery): Promise<ResultsSummary> {
  const range = kstDayRange(q.from, q.to);
  const s = await repo.sumResults(deps.db, scope.companyId, range.from, range.to);
  const success = Number(s.success);
  const failed = Number(s.failed);
  return {
    from: q.from, to: q.to, campaigns: Number(s.campaigns), sent: Number(s.sent), success, failed,
    pending: Number(s.pending), cancelled: Number(s.cancelled), successRate: rate(success, failed), cost: s.cost,
  };
}

export async function listResultCampaigns(deps: AppDeps, scope: CompanyScope, q: ResultCampaignListQuery): Promise<ResultCampaignList> {
  const range = q.from && q.to ? kstDayRange(q.from, q.to) : {};
  const { rows, total } = await repo.listResultRuns(deps.db, scope.companyId, range, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

async function getRun(deps: AppDeps, scope: CompanyScope, campaignId: string): Promise<repo.ResultRunRow> {
  const run = await repo.findResultRun(deps.db, scope.companyId, campaignId);
  if (!run || run.tables.length === 0) throw notFound('발송 결과');
  return run;
}

const monthsOf = (deps: AppDeps, run: repo.ResultRunRow) => runMonths(new Date(run.dispatch_started_at ?? run.created_at), deps.now());

export async function getResultCampaign(deps: AppDeps, scope: CompanyScope, campaignId: string): Promise<ResultCampaignDetail> {
  const run = await getRun(deps, scope, campaignId);
  const results = await aggregateRun(deps.mysql, run.tables, run.run_id, monthsOf(deps, run));
  return { campaign: toItem(run), results };
}

export async function listResultMessages(deps: AppDeps, scope: CompanyScope, campaignId: string, q: RunMessageQuery): Promise<RunMessagePage> {
  const run = await getRun(deps, scope, campaignId);
  return listRunMessages(deps.mysql, run.tables, run.run_id, monthsOf(deps, run), {
    page: q.page, pageSize: q.pageSize, phone: q.phone, status: q.status, reportTz: deps.config.qtmsgReportTz,
  });
}

/** Pages of the message log for the CSV export (each page ordered and limited in SQL). */
export async function* iterateResultMessages(deps: AppDeps, scope: CompanyScope, campaignId: string): AsyncGenerator<RunMessagePage['items']> {
  const run = await getRun(deps, scope, campaignId);
  const months = monthsOf(deps, run);
  for (let page = 1; ; page++) {
    const res = await listRunMessages(deps.mysql, run.tables, run.run_id, months, { page, pageSize: 200, reportTz: deps.config.qtmsgReportTz });
    if (res.items.length === 0) return;
    yield res.items;
    if (page * 200 >= res.total) return;
  }
}
