import {
  kstDate,
  kstDayRange,
  maskPhone,
  normalizeMobile,
  type Callback080LogPage,
  type Callback080LogQuery,
  type Callback080Numbers,
  type Callback080Reason,
  type Callback080Stat,
  type CompanyCallback080Stat,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { Logger } from '../../logger.js';
import type { Actor } from '../audit/audit.service.js';
import { getCompany } from '../companies/companies.service.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { digitsOf, isAllowedIp, tokenMatches } from './callback-080.guard.js';
import {
  findNumberStat,
  insertCallbackLog,
  listCallbackLogRows,
  listNumberStats,
  type Callback080Log,
  type NumberStatRow,
} from './callback-080.repo.js';
import { findCompanyIdBy080Number } from '../companies/companies.service.js';

/** Narae's contract: plain-text `1` = stored (or already stored), `0` = refused or failed. */
export type Callback080Answer = '1' | '0';

export interface Callback080Request {
  cid: string;
  fr: string;
  /** Never logged, never stored. */
  token: string;
  /** `req.ip` (trust proxy = loopback: the real client behind nginx). */
  ip: string | undefined;
  log: Logger;
}

/** Days an unknown 080 number stays on the operator's number list after its last callback. */
const UNKNOWN_NUMBER_DAYS = 7;

/**
 * One Narae 080 ARS callback: allowlisted source, constant-time token, company by its 080 number,
 * caller normalised, then onto the list through `addOptOuts` (the primary key makes concurrent
 * duplicates safe: the loser sees "already listed" and also answers `1`). Every outcome is logged
 * for the operator with the caller masked; the token appears nowhere.
 */
export async function handle080Callback(deps: AppDeps, req: Callback080Request): Promise<Callback080Answer> {
  const fr = digitsOf(req.fr);
  const cidMasked = maskPhone(req.cid.slice(0, 30)).slice(0, 40);
  const ip = req.ip ?? null;
  const refuse = async (reason: Callback080Reason, companyId: string | null = null): Promise<Callback080Answer> => {
    req.log.warn({ fr, cid: cidMasked, ip, reason }, '080 callback refused');
    await insertCallbackLog(deps.db, { company_id: companyId, fr, cid_masked: cidMasked, result: 'refused', reason, ip });
    return '0';
  };
  try {
    if (!isAllowedIp(req.ip, deps.config.narae080AllowedIps)) return await refuse('ip_not_allowed');
    if (!tokenMatches(req.token, deps.config.narae080Token)) return await refuse('bad_token');
    if (!fr || !req.cid) return await refuse('missing_params');
    const companyId = await findCompanyIdBy080Number(deps.db, fr);
    if (!companyId) return await refuse('unknown_number');
    const phone = normalizeMobile(req.cid);
    if (!phone) return await refuse('invalid_cid', companyId);
    const actor: Actor = { type: 'system', id: null, companyId, ip };
    await deps.db.transaction().execute(async (trx) => {
      const { added } = await addOptOuts(trx, actor, companyId, [phone], '080');
      const log: Callback080Log = { company_id: companyId, fr, cid_masked: cidMasked, result: added.length ? 'stored' : 'already_listed', reason: null, ip };
      await insertCallbackLog(trx, log);
    });
    return '1';
  } catch (err) {
    req.log.error({ err, fr, cid: cidMasked, ip }, '080 callback failed');
    await insertCallbackLog(deps.db, { company_id: null, fr, cid_masked: cidMasked, result: 'failed', reason: 'error', ip }).catch(() => undefined);
    return '0';
  }
}

export async function listCallback080Logs(deps: AppDeps, query: Callback080LogQuery): Promise<Callback080LogPage> {
  const { rows, total } = await listCallbackLogRows(deps.db, { result: query.result, fr: query.fr }, query.pageSize, (query.page - 1) * query.pageSize);
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      createdAt: r.created_at.toISOString(),
      companyId: r.company_id,
      companyName: r.company_name,
      fr: r.fr,
      cid: r.cid_masked,
      result: r.result,
      reason: r.reason,
      ip: r.ip,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

function toStat(r: NumberStatRow): Callback080Stat {
  return {
    lastCallbackAt: r.last_at ? r.last_at.toISOString() : null,
    lastResult: r.last_result,
    countToday: r.count_today,
    acceptedToday: r.accepted_today,
  };
}

const todayStartOf = (deps: Pick<AppDeps, 'now'>) => kstDayRange(kstDate(deps.now())).from;

/** Super admin: every 080 number with its company, last callback and today's (KST) counts. */
export async function listCallback080Numbers(deps: AppDeps): Promise<Callback080Numbers> {
  const todayStart = todayStartOf(deps);
  const unknownSince = new Date(deps.now().getTime() - UNKNOWN_NUMBER_DAYS * 86_400_000);
  const rows = await listNumberStats(deps.db, todayStart, unknownSince);
  return { items: rows.map((r) => ({ number: r.number, companyId: r.company_id, companyName: r.company_name, ...toStat(r) })) };
}

/** Company admin: their own 080 number's last callback and today's counts. */
export async function getCompanyCallback080Stat(deps: AppDeps, scope: CompanyScope): Promise<CompanyCallback080Stat> {
  const { optOut080Number } = await getCompany(deps, scope.companyId);
  if (!optOut080Number) return { number: null, lastCallbackAt: null, lastResult: null, countToday: 0, acceptedToday: 0 };
  return { number: optOut080Number, ...toStat(await findNumberStat(deps.db, optOut080Number, todayStartOf(deps))) };
}
