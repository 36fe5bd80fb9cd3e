import {
  DIRECT_SEND_MERGE_FIELDS,
  buildMessage,
  mergeKey,
  type CreateMessageTemplateBody,
  type MergeField,
  type MessageTemplate,
  type MessageTemplateList,
  type UpdateMessageTemplateBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { DbOrTrx } from '../../db/postgres.js';
import { AppError, forbidden, notFound, validationFailed } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { getCompanySendSettings, loadCompanyCatalog } from '../campaigns/campaigns.service.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './templates.repo.js';

/**
 * Saved message templates: personal (only their owner sees them) or shared with the company
 * (everyone sees them; only the creator or a company admin changes or deletes them).
 */

const MAX_TEMPLATES = 200;

// A template's images and the ad footer's 080 number come from the send that uses it; everything
// else the builder finds (characters, variables, subject, size) is refused when saving.
const SEND_TIME_ERRORS = new Set(['ad_requires_080', 'mms_image_required']);

function toView(row: repo.MessageTemplateRow): MessageTemplate {
  return {
    id: row.id, name: row.name, messageType: row.msg_type, subject: row.subject, body: row.body, isAd: row.is_ad,
    shared: row.user_id === null, createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The company's variables plus the direct-send ones (기타1–3): a template may serve either send. */
async function templateCatalog(deps: AppDeps, companyId: string): Promise<readonly MergeField[]> {
  const catalog = await loadCompanyCatalog(deps, companyId);
  const taken = new Set(catalog.map((f) => mergeKey(f.name)));
  return [...catalog, ...DIRECT_SEND_MERGE_FIELDS.filter((f) => !taken.has(mergeKey(f.name)))];
}

async function assertTemplateMessage(deps: AppDeps, companyId: string, body: UpdateMessageTemplateBody): Promise<void> {
  const company = await getCompanySendSettings(deps, companyId);
  const result = buildMessage({
    type: body.messageType, subject: body.subject ?? null, body: body.body, isAd: body.isAd,
    optOut080: company.opt_out_080_number, catalog: await templateCatalog(deps, companyId),
  });
  const errors = result.errors.filter((e) => !SEND_TIME_ERRORS.has(e.code));
  const first = errors[0];
  if (first) throw new AppError('validation_failed', 400, first.message, { errors, suggestion: result.suggestion ?? null });
}

/** A template the caller may see; someone else's personal template answers 404. */
async function getVisibleTemplate(deps: AppDeps, scope: CompanyScope, id: string): Promise<repo.MessageTemplateRow> {
  const row = await repo.findVisibleTemplate(deps.db, scope.companyId, scope.userId, id);
  if (!row) throw notFound('템플릿');
  return row;
}

async function getChangeableTemplate(deps: AppDeps, scope: CompanyScope, id: string): Promise<repo.MessageTemplateRow> {
  const row = await getVisibleTemplate(deps, scope, id);
  if (row.user_id === null && scope.role !== 'company_admin' && row.created_by !== scope.userId) {
    throw forbidden('공용 템플릿은 만든 사람이나 고객사 관리자만 바꿀 수 있습니다.');
  }
  return row;
}

const audit = (trx: DbOrTrx, actor: Actor, scope: CompanyScope, action: string, row: repo.MessageTemplateRow) =>
  recordAudit(trx, actor, {
    action, companyId: scope.companyId, targetType: 'message_template', targetId: row.id,
    details: { name: row.name, messageType: row.msg_type, isAd: row.is_ad, shared: row.user_id === null },
  });

/** One template the caller sees (own or shared), e.g. to start a campaign from; else 404. */
export async function getMessageTemplate(deps: AppDeps, scope: CompanyScope, id: string): Promise<MessageTemplate> {
  return toView(await getVisibleTemplate(deps, scope, id));
}

export async function listMessageTemplates(deps: AppDeps, scope: CompanyScope): Promise<MessageTemplateList> {
  return { items: (await repo.listTemplates(deps.db, scope.companyId, scope.userId)).map(toView) };
}

export async function createMessageTemplate(
  deps: AppDeps, scope: CompanyScope, actor: Actor, body: CreateMessageTemplateBody,
): Promise<MessageTemplate> {
  await assertTemplateMessage(deps, scope.companyId, body);
  if ((await repo.listTemplates(deps.db, scope.companyId, scope.userId)).length >= MAX_TEMPLATES) {
    throw validationFailed(`템플릿은 ${MAX_TEMPLATES}개까지 저장할 수 있습니다.`);
  }
  return toView(await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertTemplate(trx, {
      company_id: scope.companyId, user_id: body.shared ? null : scope.userId, name: body.name, msg_type: body.messageType,
      subject: body.messageType === 'SMS' ? null : body.subject ?? null, body: body.body, is_ad: body.isAd, created_by: scope.userId,
    });
    await audit(trx, actor, scope, 'message_template.create', row);
    return row;
  }));
}

export async function updateMessageTemplate(
  deps: AppDeps, scope: CompanyScope, actor: Actor, id: string, body: UpdateMessageTemplateBody,
): Promise<MessageTemplate> {
  await getChangeableTemplate(deps, scope, id);
  await assertTemplateMessage(deps, scope.companyId, body);
  return toView(await deps.db.transaction().execute(async (trx) => {
    const row = await repo.updateTemplate(trx, scope.companyId, id, {
      name: body.name, msg_type: body.messageType, subject: body.messageType === 'SMS' ? null : body.subject ?? null,
      body: body.body, is_ad: body.isAd,
    });
    await audit(trx, actor, scope, 'message_template.update', row);
    return row;
  }));
}

export async function deleteMessageTemplate(deps: AppDeps, scope: CompanyScope, actor: Actor, id: string): Promise<void> {
  const row = await getChangeableTemplate(deps, scope, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteTemplate(trx, scope.companyId, id);
    await audit(trx, actor, scope, 'message_template.delete', row);
  });
}
