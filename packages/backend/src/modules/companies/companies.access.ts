import type { AppDeps } from '../../app.js';
import { randomToken, hashSecret } from '../../security/secrets.js';
import { revokeSubjectSessions } from '../auth/sessions.service.js';
import * as repo from './companies.repo.js';

/** A fresh sync key pair. The secret leaves the server once (in the response) and is stored hashed. */
export async function newSyncCredentials(): Promise<{ syncApiKey: string; syncSecret: string; secretHash: string }> {
  const syncApiKey = `sk_${randomToken()}`;
  const syncSecret = randomToken(32);
  return { syncApiKey, syncSecret, secretHash: await hashSecret(syncSecret) };
}

/** Ends every open session of the company's users (suspension, termination); returns how many. */
export async function revokeCompanySessions(deps: AppDeps, companyId: string): Promise<number> {
  const userIds = await repo.listCompanyUserIds(deps.db, companyId);
  let revoked = 0;
  for (const id of userIds) revoked += await revokeSubjectSessions(deps, { kind: 'user', id }, 'admin');
  return revoked;
}
