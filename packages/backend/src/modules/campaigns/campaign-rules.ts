import { formatKst } from '@hanjullo/shared';
import { AppError, forbidden } from '../../errors.js';
import type { CompanyScope } from '../scope/scope.js';
import type { CampaignRow } from './campaigns.repo.js';
import { isEditLocked } from './campaign-view.js';
import { describeWindow, isSendAllowedAt, type SendWindowInput } from './send-window.js';

/** Time and state rules of sending (KOREAN-MESSAGING-RULES §2, lesson 20). Each refusal is a 400/409 that writes nothing. */

const YEAR_MS = 365 * 24 * 3_600_000;

const refuse = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('validation_failed', 400, message, { reason, ...details });

/** A schedule must be in the future, at most a year ahead, and (for ads) inside the allowed hours. */
export function assertScheduleTime(at: Date, now: Date, window: SendWindowInput): void {
  if (at.getTime() <= now.getTime()) {
    throw refuse('schedule_in_past', `예약 시간이 이미 지났습니다 (${formatKst(at)} KST). 현재 이후의 시간을 선택해 주세요.`);
  }
  if (at.getTime() - now.getTime() > YEAR_MS) {
    throw refuse('schedule_too_far', '예약은 1년 이내로만 할 수 있습니다.');
  }
  assertSendWindow(at, window, true);
}

/** Ads only between 08:00 and 21:00 KST, narrowed by the company's send window. */
export function assertSendWindow(at: Date, window: SendWindowInput, scheduled: boolean): void {
  if (isSendAllowedAt(at, window)) return;
  const allowed = describeWindow(window);
  throw refuse(
    'ad_send_window',
    `광고 문자는 ${allowed} (KST)에만 보낼 수 있습니다 (21:00–08:00 야간 광고 전송 금지, 고객사 발송 가능 시간 포함). ` +
      `${scheduled ? '예약 시간' : '현재 시간'}: ${formatKst(at)} KST.`,
    { allowed },
  );
}

const EDITABLE: ReadonlySet<CampaignRow['status']> = new Set(['draft', 'scheduled']);

/**
 * Editing, rescheduling and removing recipients: only before dispatch; marketers not within 15
 * minutes of the send (admins may, with a reason).
 */
export function assertEditable(row: CampaignRow, scope: CompanyScope, now: Date, reason: string | undefined): void {
  if (!EDITABLE.has(row.status)) {
    throw new AppError('conflict', 409, '이미 발송이 시작되었거나 끝난 캠페인은 변경할 수 없습니다.', { status: row.status });
  }
  if (!isEditLocked(row, now)) return;
  if (scope.role === 'company_user') {
    throw forbidden('발송 15분 전부터는 변경·취소할 수 없습니다. 고객사 관리자에게 요청해 주세요.');
  }
  if (!reason) throw refuse('reason_required', '발송 15분 전 변경에는 사유를 입력해야 합니다.');
}

/** Admins (company or super) cancel with a reason; marketers may not inside the 15-minute lock. */
export function assertCancelAllowed(row: CampaignRow, scope: CompanyScope, now: Date, reason: string | undefined): void {
  if (scope.role !== 'company_user' && !reason) {
    throw refuse('reason_required', '관리자 취소에는 사유를 입력해야 합니다.');
  }
  if (scope.role === 'company_user' && isEditLocked(row, now)) {
    throw forbidden('발송 15분 전부터는 취소할 수 없습니다. 고객사 관리자에게 요청해 주세요.');
  }
}
