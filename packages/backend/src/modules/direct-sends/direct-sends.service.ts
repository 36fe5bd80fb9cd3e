import {
  DIRECT_SEND_MAX_RECIPIENTS, type DirectRecipient, type DirectRecipientsFileResult, type DirectSendBody, type DirectSendResult,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { validationFailed } from '../../errors.js';
import { listAddressBookRecipients } from '../address-books/address-books.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import {
  findCampaignByRunKey, getCampaignView, getCompanySendSettings, insertDirectCampaign, messageColumnsOf, type CampaignRow,
} from '../campaigns/campaigns.service.js';
import { assertSendable, createSendRun, requireIdempotencyKey } from '../campaigns/send.service.js';
import { scheduleDispatch } from '../campaigns/dispatch-run.job.js';
import type { CompanyScope } from '../scope/scope.js';
import { removeStoredFile } from '../uploads/upload-files.js';
import type { ReceivedFile } from '../uploads/upload-middleware.js';
import { parseDirectRecipients, type DirectEntry } from './parse-recipients.js';
import { RECIPIENT_FIELDS, readRecipientsFile } from './recipients-file.js';

/**
 * Direct send: a pasted/uploaded list or an address book instead of a target filter, then exactly the campaign send
 * path — same builder, same checks, same enqueue function (opt-outs and dedupe at freeze time).
 */

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

export async function createDirectSend(
  deps: AppDeps, scope: CompanyScope, actor: Actor, body: DirectSendBody, idempotencyKey: string | undefined,
): Promise<DirectSendResult> {
  const key = requireIdempotencyKey(idempotencyKey);
  const parsed = body.addressBookId
    ? parseDirectRecipients({ recipients: await listAddressBookRecipients(deps, scope, body.addressBookId) })
    : parseDirectRecipients(body);
  const replay = await findCampaignByRunKey(deps, scope, key);
  if (replay) return { campaign: replay, accepted: parsed.entries.length, invalid: parsed.invalid, duplicatesInInput: parsed.duplicatesInInput };
  if (parsed.entries.length === 0) {
    throw validationFailed('보낼 수 있는 휴대폰 번호가 없습니다.', { invalid: parsed.invalid.slice(0, 100) });
  }
  const scheduledAt = body.scheduledAt ? new Date(body.scheduledAt) : null;
  const values = {
    company_id: scope.companyId,
    kind: 'direct' as const,
    name: body.name ?? `직접발송 ${new Date().toISOString().slice(0, 16)}`,
    direct_recipients: JSON.stringify(parsed.entries),
    ...messageColumnsOf(body),
    scheduled_at: scheduledAt,
    split_per_minute: body.splitPerMinute ?? null,
    store_codes: scope.storeCodes,
    created_by: scope.userId,
  };
  const draft: CampaignRow = {
    ...values, id: '', status: 'draft', excluded_phones: [], target_filter: null, direct_recipients: parsed.entries,
    mms_images: body.mmsImages, cancel_reason: null, cancelled_at: null, created_at: new Date(), updated_at: new Date(),
  };
  await assertSendable(deps, scope, draft, scheduledAt);
  const company = await getCompanySendSettings(deps, scope.companyId);
  let campaignId: string;
  try {
    campaignId = await deps.db.transaction().execute(async (trx) => {
      const campaign = await insertDirectCampaign(trx, values);
      await recordAudit(trx, actor, {
        action: 'direct_send.create', companyId: scope.companyId, targetType: 'campaign', targetId: campaign.id,
        details: { recipients: parsed.entries.length, invalid: parsed.invalid.length },
      });
      const run = await createSendRun(deps, trx, scope, actor, campaign, {
        scheduledAt, splitPerMinute: body.splitPerMinute ?? null, idempotencyKey: key,
      }, company);
      return run.campaign_id;
    });
  } catch (err) {
    const winner = isUniqueViolation(err) ? await findCampaignByRunKey(deps, scope, key) : null;
    if (!winner) throw err;
    return { campaign: winner, accepted: parsed.entries.length, invalid: parsed.invalid, duplicatesInInput: parsed.duplicatesInInput };
  }
  const campaign = await getCampaignView(deps, scope, campaignId);
  if (!scheduledAt && campaign.run) await scheduleDispatch(deps, scope.companyId, campaign.run.id);
  return { campaign, accepted: parsed.entries.length, invalid: parsed.invalid, duplicatesInInput: parsed.duplicatesInInput };
}

function toRecipient(entry: DirectEntry): DirectRecipient {
  const recipient: DirectRecipient = { phone: entry.phone };
  for (const f of RECIPIENT_FIELDS) {
    const v = entry.values[f];
    if (v) recipient[f] = v;
  }
  return recipient;
}

/**
 * An uploaded recipients file → the normalised list for `POST /api/direct-sends` (distinct phones,
 * the first line of a repeat wins), with invalid and repeated lines by the file's line numbers.
 * Nothing is stored: the file is removed whatever happens.
 */
export async function readDirectRecipientsFile(file: ReceivedFile): Promise<DirectRecipientsFileResult> {
  try {
    const { info, rows } = await readRecipientsFile(file, DIRECT_SEND_MAX_RECIPIENTS);
    const parsed = parseDirectRecipients({ recipients: rows });
    if (parsed.entries.length === 0) {
      throw validationFailed('파일에 보낼 수 있는 휴대폰 번호가 없습니다.', { invalid: parsed.invalid.slice(0, 100) });
    }
    const repeated = new Set(parsed.duplicates.map((d) => d.line));
    return {
      ...info,
      recipients: parsed.entries.filter((e) => !repeated.has(e.line)).map(toRecipient),
      invalid: parsed.invalid,
      duplicates: parsed.duplicates,
      duplicatesInInput: parsed.duplicatesInInput,
    };
  } finally {
    await removeStoredFile(file.path);
  }
}
