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
import { validIp } from '../../security/ip.js';
import { getCompany, live080NumbersQuery } from '../companies/companies.service.js';
import type { CompanyScope } from '../scope/scope.js';
import { digitsOf, isAllowedIp, tokenMatches } from './callback-080.guard.js';
import {
  findNumberStat,
  insertCallbackLogs,
  listCallbackLogRows,
  listNumberStats,
  storeCallbackBatch,
  type CallbackBatchRow,
  type NumberStatRow,
} from './callback-080.repo.js';
import { groupCommit } from './group-commit.js';

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
 * Group commit of the callbacks (P6 in PERF.md: a flood of 2,000 a second): one statement per
 * batch instead of a lookup and a five-statement transaction per call. One batch writes at a time
 * — while it does, the next one fills up — and at most 1,000 callbacks go in one.
 */
const BATCH = { maxBatch: 1000, maxInFlight: 1 };

/**
 * Narae 080 ARS callbacks of one app: allowlisted source and constant-time token checked here, then
 * the callback waits for its batch (`storeCallbackBatch`: company by its 080 number as the companies
 * module defines it, resolved inside the statement — no cache a number change could leave stale —
 * the caller onto that company's list, the operator's log row) and is answered only once that has
 * committed, so `1` means stored. Duplicates, concurrent or in one batch, are safe: the later one
 * is "already listed" and also answers `1`. Every outcome is logged with the caller masked; the
 * token appears nowhere.
 */
export function create080CallbackHandler(deps: AppDeps): (req: Callback080Request) => Promise<Callback080Answer> {
  const submit = groupCommit((rows: CallbackBatchRow[]) => storeCallbackBatch(deps.db, live080NumbersQuery(deps.db), rows), BATCH);
  return async (req) => {
    const fr = digitsOf(req.fr);
    const cidMasked = maskPhone(req.cid.slice(0, 30)).slice(0, 40);
    const ip = req.ip ?? null;
    const refused: Callback080Reason | null = !isAllowedIp(req.ip, deps.config.narae080AllowedIps) ? 'ip_not_allowed'
      : !tokenMatches(req.token, deps.config.narae080Token) ? 'bad_token'
        : !fr || !req.cid ? 'missing_params'
          : null;
    try {
      const phone = refused ? null : normalizeMobile(req.cid);
      const outcome = await submit({ fr, phone, cid_masked: cidMasked, ip, audit_ip: validIp(ip), refused });
      if (outcome.result !== 'refused') return '1';
      req.log.warn({ fr, cid: cidMasked, ip, reason: outcome.reason }, '080 callback refused');
      return '0';
    } catch (err) {
      req.log.error({ err, fr, cid: cidMasked, ip }, '080 callback failed');
      await insertCallbackLogs(deps.db, [{ company_id: null, fr, cid_masked: cidMasked, result: 'failed', reason: 'error', ip }]).catch(() => undefined);
      return '0';
    }
  };
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
