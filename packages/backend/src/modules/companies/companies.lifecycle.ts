import type { CompanyTerminated, SyncCredentials, TerminateCompanyBody } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { conflict, notFound } from '../../errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { newSyncCredentials, revokeCompanySessions } from './companies.access.js';
import * as repo from './companies.repo.js';
import { getCompany } from './companies.service.js';

/** New key and secret, shown once; the old pair stops working as soon as this commits. */
export async function rotateSyncCredentials(deps: AppDeps, actor: Actor, id: string): Promise<SyncCredentials> {
  const credentials = await newSyncCredentials();
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockCompanyRow(trx, id);
    if (!row) throw notFound('고객사');
    if (row.status === 'terminated') throw conflict('해지된 고객사의 동기화 키는 발급할 수 없습니다.');
    await repo.updateCompanyRow(trx, id, { sync_api_key: credentials.syncApiKey, sync_secret_hash: credentials.secretHash });
    await recordAudit(trx, actor, {
      action: 'company.sync_credentials.rotate',
      companyId: id,
      targetType: 'company',
      targetId: id,
      details: { previousSyncApiKey: row.sync_api_key, syncApiKey: credentials.syncApiKey },
    });
  });
  return { syncApiKey: credentials.syncApiKey, syncSecret: credentials.syncSecret };
}

/**
 * Soft termination: status `terminated` + `terminated_at`, sync credentials withdrawn, every user
 * locked and signed out. Refused while a campaign of the company could still send.
 */
export async function terminateCompany(
  deps: AppDeps,
  actor: Actor,
  id: string,
  body: TerminateCompanyBody,
): Promise<CompanyTerminated> {
  const lockedUserIds = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockCompanyRow(trx, id);
    if (!row) throw notFound('고객사');
    if (row.status === 'terminated') throw conflict('이미 해지된 고객사입니다.');
    const inFlight = await repo.countInFlightCampaigns(trx, id);
    if (inFlight > 0) {
      throw conflict(
        `예약되었거나 발송 중인 캠페인이 ${inFlight}건 있어 해지할 수 없습니다. 캠페인을 취소하거나 발송이 끝난 뒤 다시 시도해 주세요.`,
        { inFlightCampaigns: inFlight },
      );
    }
    await repo.updateCompanyRow(trx, id, {
      status: 'terminated',
      terminated_at: deps.now(),
      use_db_sync: false,
      sync_api_key: null,
      sync_secret_hash: null,
    });
    const locked = await repo.lockAllCompanyUsers(trx, id);
    await recordAudit(trx, actor, {
      action: 'company.terminate',
      companyId: id,
      targetType: 'company',
      targetId: id,
      details: { reason: body.reason, previousStatus: row.status, lockedUserIds: locked },
    });
    return locked;
  });
  // after the commit: from here sign-in refuses the company, so no new session can slip in
  const revokedSessionCount = await revokeCompanySessions(deps, id);
  return { ...(await getCompany(deps, id)), lockedUserCount: lockedUserIds.length, revokedSessionCount };
}
