import {
  kstDayRange,
  type Campaign,
  type CampaignList,
  type CampaignListQuery,
  type CreateCampaignBody,
  type MessageInput,
} from '@hanjullo/shared';
import type { Insertable } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { DbOrTrx } from '../../db/postgres.js';
import type { CampaignsTable } from '../../db/schema.js';
import { notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { assertCallbackUsable } from '../callback-numbers/callback-numbers.service.js';
import type { CompanyScope } from '../scope/scope.js';
// templates.service uses this module's catalog too: the two only call each other inside functions
import { getMessageTemplate } from '../templates/templates.service.js';
import * as repo from './campaigns.repo.js';
import { assertScheduleTime } from './campaign-rules.js';
import { toCampaignView } from './campaign-view.js';
import { assertMessageOk, checkMessage } from './campaign-message.js';
import { getCompanySettings, loadCatalog, specOf, windowOf } from './run-context.js';

export type { CampaignRow } from './campaigns.repo.js';

/** Campaign drafts: create, read, list (with the KST month calendar). Sending lives in send.service. */

export interface MessageColumns {
  msg_type: repo.CampaignRow['msg_type'];
  subject: string | null;
  body: string;
  is_ad: boolean;
  callback_mode: 'fixed' | 'individual';
  callback_number: string | null;
  mms_images: string;
}

/** The message columns of a campaign from API input; the body is stored pure, exactly as typed. */
export function messageColumnsOf(m: MessageInput): MessageColumns {
  return {
    msg_type: m.messageType,
    subject: m.messageType === 'SMS' ? null : (m.subject ?? null),
    body: m.body,
    is_ad: m.isAd,
    callback_mode: m.callback.mode,
    callback_number: m.callback.mode === 'fixed' ? m.callback.number : null,
    mms_images: JSON.stringify(m.mmsImages),
  };
}

/** 404 for other companies' campaigns and, for store-limited users, campaigns outside their stores. */
export async function getVisibleCampaign(deps: AppDeps, scope: CompanyScope, id: string): Promise<repo.CampaignRow> {
  const row = await repo.findCampaign(deps.db, scope.companyId, id);
  if (!row) throw notFound('캠페인');
  if (scope.storeCodes && !(row.store_codes && row.store_codes.every((c) => scope.storeCodes!.includes(c)))) throw notFound('캠페인');
  return row;
}

/** Checks a draft's message without recipients: variables, characters, ad 080, MMS images, LMS subject. */
export async function assertDraftMessage(deps: AppDeps, scope: CompanyScope, row: repo.CampaignRow): Promise<void> {
  const company = await getCompanySettings(deps, scope.companyId);
  const result = checkMessage(specOf(row, company.opt_out_080_number), await loadCatalog(deps, row));
  // with variables the true size is known only against real recipients (preview / send check it)
  const hasVariables = result.variables.length > 0;
  assertMessageOk(hasVariables ? { ...result, ok: result.errors.every((e) => e.code === 'too_long'), errors: result.errors.filter((e) => e.code !== 'too_long') } : result);
  if (row.callback_mode === 'fixed') await assertCallbackUsable(deps, scope, row.callback_number ?? '');
  if (row.scheduled_at) assertScheduleTime(new Date(row.scheduled_at), deps.now(), windowOf(row, company));
}

/**
 * The message of a new campaign: each field as given, else from the saved template. The template
 * must be one the user sees (their own or shared with the company); anything else answers 404.
 */
async function messageOfCreate(deps: AppDeps, scope: CompanyScope, body: CreateCampaignBody): Promise<MessageInput> {
  const template = body.templateId === undefined ? null : await getMessageTemplate(deps, scope, body.templateId);
  const messageType = body.messageType ?? template?.messageType;
  const text = body.body ?? template?.body;
  const isAd = body.isAd ?? template?.isAd;
  if (messageType === undefined || text === undefined || isAd === undefined) {
    throw validationFailed('메시지 유형, 내용, 광고 여부를 보내거나 템플릿을 지정해 주세요.');
  }
  return {
    messageType, body: text, isAd,
    subject: body.subject !== undefined ? body.subject : (template?.subject ?? null),
    callback: body.callback,
    mmsImages: body.mmsImages,
  };
}

export async function createCampaign(deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateCampaignBody): Promise<Campaign> {
  const message = await messageOfCreate(deps, scope, body);
  const values = {
    company_id: scope.companyId,
    kind: 'target' as const,
    name: body.name,
    target_filter: JSON.stringify(body.targetFilter),
    ...messageColumnsOf(message),
    scheduled_at: body.scheduledAt ? new Date(body.scheduledAt) : null,
    split_per_minute: body.splitPerMinute ?? null,
    store_codes: scope.storeCodes,
    created_by: scope.userId,
  };
  const draft = { ...values, target_filter: body.targetFilter, mms_images: body.mmsImages, status: 'draft', excluded_phones: [] } as unknown as repo.CampaignRow;
  await assertDraftMessage(deps, scope, draft);
  const row = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertCampaign(trx, values);
    await recordAudit(trx, actor, {
      action: 'campaign.create', companyId: scope.companyId, targetType: 'campaign', targetId: created.id,
      details: { name: created.name, type: created.msg_type, isAd: created.is_ad, templateId: body.templateId ?? null },
    });
    return created;
  });
  return toCampaignView(row, undefined, deps.now());
}

export async function getCampaign(deps: AppDeps, scope: CompanyScope, id: string): Promise<Campaign> {
  const row = await getVisibleCampaign(deps, scope, id);
  return toCampaignView(row, await repo.findSendRun(deps.db, scope.companyId, id), deps.now());
}

export async function listCampaigns(deps: AppDeps, scope: CompanyScope, query: CampaignListQuery): Promise<CampaignList> {
  const range = query.month ? monthRange(query.month) : undefined;
  const { rows, total } = await repo.listCampaignRows(
    deps.db,
    { companyId: scope.companyId, storeCodes: scope.storeCodes, status: query.status, from: range?.from, to: range?.to },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const runs = new Map((await repo.findSendRuns(deps.db, scope.companyId, rows.map((r) => r.id))).map((r) => [r.campaign_id, r]));
  const now = deps.now();
  return { items: rows.map((r) => toCampaignView(r, runs.get(r.id), now)), total, page: query.page, pageSize: query.pageSize };
}

/** `YYYY-MM` → the KST month's instant range. */
function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return kstDayRange(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
}

export const getCampaignView = getCampaign;

/** Direct sends create their campaign inside the send transaction. */
export async function insertDirectCampaign(trx: DbOrTrx, values: Insertable<CampaignsTable>): Promise<repo.CampaignRow> {
  return repo.insertCampaign(trx, values);
}

/** The campaign whose send run carries this Idempotency-Key (a replayed request), or null. */
export async function findCampaignByRunKey(deps: AppDeps, scope: CompanyScope, key: string): Promise<Campaign | null> {
  const run = await repo.findRunByIdempotencyKey(deps.db, scope.companyId, key);
  return run ? getCampaign(deps, scope, run.campaign_id) : null;
}

export { finishRun, type FinishableRun } from './run-finish.js';

export { getCompanySettings as getCompanySendSettings, loadCompanyCatalog } from './run-context.js';
