import { CAMPAIGN_STATUS_LABELS, type Campaign, type CampaignRun, type MmsImageInput, type RunCounts } from '@hanjullo/shared';
import type { CampaignRow, RunRow } from './campaigns.repo.js';

/** Row → API shapes. Instants leave as ISO strings; the body stays pure. */

export const EDIT_LOCK_MS = 15 * 60_000;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function runCountsOf(run: RunRow): RunCounts {
  return {
    matched: run.matched,
    excludedOptOut: run.excluded_opt_out,
    excludedNoConsent: run.excluded_no_consent,
    excludedDuplicate: run.excluded_duplicate,
    excludedCallback: run.excluded_callback,
    excludedFrequency: run.excluded_frequency,
    total: run.total,
    queued: run.queued,
    success: run.success,
    failed: run.failed,
    pending: run.pending,
    cancelled: run.cancelled,
    notCancellable: run.not_cancellable,
  };
}

export function toRunView(run: RunRow): CampaignRun {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    counts: runCountsOf(run),
    unitPrice: run.unit_price,
    pausedUntil: iso(run.paused_until),
    failureReason: run.failure_reason,
    createdAt: new Date(run.created_at).toISOString(),
    dispatchedAt: iso(run.dispatched_at),
    completedAt: iso(run.completed_at),
  };
}

/** Marketers may not touch a scheduled campaign in the last 15 minutes before it goes out. */
export function isEditLocked(row: CampaignRow, now: Date): boolean {
  if (row.status !== 'scheduled' || row.scheduled_at === null) return false;
  return new Date(row.scheduled_at).getTime() - now.getTime() < EDIT_LOCK_MS;
}

export function toCampaignView(row: CampaignRow, run: RunRow | undefined, now: Date): Campaign {
  return {
    id: row.id,
    companyId: row.company_id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    statusLabel: CAMPAIGN_STATUS_LABELS[row.status],
    targetFilter: row.target_filter ?? null,
    messageType: row.msg_type,
    subject: row.subject,
    body: row.body,
    isAd: row.is_ad,
    callback: { mode: row.callback_mode, number: row.callback_number },
    mmsImages: (row.mms_images ?? []) as MmsImageInput[],
    scheduledAt: iso(row.scheduled_at),
    splitPerMinute: row.split_per_minute,
    createdBy: row.created_by,
    cancelReason: row.cancel_reason,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    run: run ? toRunView(run) : null,
    locked: isEditLocked(row, now),
  };
}
