import { createHash, timingSafeEqual } from 'node:crypto';
import {
  maskPhone, type RegisterSpamDeviceBody, type SpamDeviceList, type SpamDeviceRegistered, type SpamReportBody,
  type SpamReportResult, type UnmatchedSpamReportList,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { Config } from '../../config.js';
import { notFound, unauthorized } from '../../errors.js';
import * as repo from './spam-filter.repo.js';
import { matchReport } from './spam-match.js';
import { isDeviceStale } from './spam-verdict.js';

/** The phone app's side (X-Spam-Token): registration/heartbeat and arrival reports; the operator's device list. */

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time token check (both sides hashed first, so the length leaks nothing either). */
export function assertSpamToken(config: Config, given: string | undefined): void {
  if (!given || !timingSafeEqual(digest(given), digest(config.spamAppToken))) {
    throw unauthorized('스팸 테스트 앱 토큰이 올바르지 않습니다.');
  }
}

/** Registers a phone or refreshes it (the app's heartbeat); the phone number moves with the device. */
export async function registerSpamDevice(deps: AppDeps, body: RegisterSpamDeviceBody): Promise<SpamDeviceRegistered> {
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    await repo.deleteOtherDeviceOfPhone(trx, body.phone, body.deviceId);
    return repo.upsertDevice(trx, {
      carrier: body.carrier, phone: body.phone, device_id: body.deviceId, app_version: body.appVersion ?? null,
      last_seen_at: now, registered_at: now,
    });
  });
  return { id: row.id, deviceId: row.device_id, carrier: row.carrier, lastSeenAt: new Date(row.last_seen_at).toISOString() };
}

/**
 * An arrival on a test phone. Stored always (unmatched ones are for the operator); when it matches
 * a running test the device's result for that type becomes `received` — unless the carrier already
 * reported a failure, which a report cannot contradict.
 */
export async function reportSpamArrival(deps: AppDeps, body: SpamReportBody): Promise<SpamReportResult> {
  const now = deps.now();
  const device = await repo.findDeviceByDeviceId(deps.db, body.deviceId);
  if (!device) throw notFound('등록된 테스트 폰');
  await repo.touchDevice(deps.db, device.id, now);
  const sender = body.senderNumber.replace(/[^0-9]/g, '');
  const candidates = (await repo.listRunningTestsByCallback(deps.db, sender)).map((t) => ({
    companyId: t.company_id, testId: t.id, smsText: t.sms_text, lmsSubject: t.lms_subject, lmsText: t.lms_text,
  }));
  const match = matchReport(candidates, body.messageContent, body.messageType);
  await repo.insertReport(deps.db, {
    device_id: device.id, sender_number: sender, content: body.messageContent, message_type: body.messageType, received_at: now,
    matched_company_id: match?.companyId ?? null, matched_test_id: match?.testId ?? null,
  });
  if (match) {
    await repo.updateResult(deps.db, { companyId: match.companyId, testId: match.testId, deviceId: device.id, messageType: match.messageType },
      { verdict: 'received', reported_at: now, decided_at: now }, ['pending', 'blocked', 'timeout', 'inconclusive']);
  }
  return { matched: match !== null, testId: match?.testId ?? null };
}

export async function listSpamDevices(deps: AppDeps): Promise<SpamDeviceList> {
  const now = deps.now();
  const rows = await repo.listDevices(deps.db);
  return {
    items: rows.map((d) => ({
      id: d.id, deviceId: d.device_id, carrier: d.carrier, phone: maskPhone(d.phone), appVersion: d.app_version,
      lastSeenAt: new Date(d.last_seen_at).toISOString(), registeredAt: new Date(d.registered_at).toISOString(),
      active: d.active, online: !isDeviceStale(new Date(d.last_seen_at), now),
    })),
  };
}

export async function listUnmatchedSpamReports(deps: AppDeps): Promise<UnmatchedSpamReportList> {
  const rows = await repo.listUnmatchedReports(deps.db, 200);
  return {
    items: rows.map((r) => ({
      id: String(r.id), deviceId: r.device_id, senderNumber: r.sender_number, content: r.content, messageType: r.message_type,
      receivedAt: new Date(r.received_at).toISOString(),
    })),
  };
}
