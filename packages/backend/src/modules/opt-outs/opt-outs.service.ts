import type { OptOutSource } from '../../db/schema.js';
import type { DbOrTrx } from '../../db/postgres.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { findOptedOut, insertOptOuts } from './opt-outs.repo.js';

export { findOptedOut };

/**
 * The one way onto a company's opt-out list (080 callback, manual, upload, sync, customer DB).
 * Idempotent: phones already listed keep their original source and time. Pass a transaction so
 * the opt-out commits with the change that caused it.
 */
export async function addOptOuts(
  db: DbOrTrx,
  actor: Actor,
  companyId: string,
  phones: readonly string[],
  source: OptOutSource,
  opts: { storeCode?: string | null; note?: string | null } = {},
): Promise<{ added: string[]; alreadyListed: number }> {
  const unique = [...new Set(phones)];
  const added = await insertOptOuts(db, companyId, unique, source, {
    createdBy: actor.type === 'user' || actor.type === 'super_admin' ? actor.id : null,
    storeCode: opts.storeCode ?? null,
    note: opts.note ?? null,
  });
  if (added.length > 0) {
    await recordAudit(db, actor, {
      action: 'opt_out.added',
      companyId,
      details: { source, count: added.length, sample: added.slice(0, 5) },
    });
  }
  return { added, alreadyListed: unique.length - added.length };
}
