import {
  describeCarrier, describeResultCode, yyyymmOf, type ResultCategory, type RunMessage, type RunMessagePage,
  type RunResultSummary,
} from '@hanjullo/shared';
import type { MysqlPool } from '../../db/mysql.js';
import { validationFailed } from '../../errors.js';
import { dbWallToIso, readDbUtcOffsetSec, zonedWallToIso } from './qtmsg-time.js';
import { categoryCondition, from, resolveRowSources, unionAll, type RowSource, type SqlPart } from './qtmsg-sql.js';
import { emptySummary, summarize, type ResultGroup } from './result-summary.js';

/**
 * The one reader of QTmsg results (lesson 14). Every read covers the live tables and the monthly
 * log tables of the months a run can touch, in UNION ALL statements (a queue table and its log
 * tables always in the same one), aggregated or paged in SQL — a run's rows are never loaded into Node.
 */

/**
 * Slack around a run's span: log months follow the DB server's clock, whose zone we do not know
 * here (UTC in CI, KST in the original deployment). ±14 h covers every real zone, so a row moved at
 * 00:30 KST on the 1st (still the previous month in UTC) is found. Extra months cost one lookup.
 */
const ZONE_SLACK_MS = 14 * 3_600_000;

/** `YYYYMM` of every month the run's rows can have been moved in, oldest first, inclusive. */
export function runMonths(startedAt: Date, until: Date): string[] {
  const first = new Date(startedAt.getTime() - ZONE_SLACK_MS);
  const last = yyyymmOf(new Date(Math.max(until.getTime(), startedAt.getTime()) + ZONE_SLACK_MS));
  const months = [yyyymmOf(first)];
  while (months[months.length - 1]! < last) months.push(yyyymmOf(first, months.length));
  return months;
}

interface RunGroupRow {
  run_id: string;
  status_code: number | null;
  mob_company: string | null;
  n: string | number;
}

/**
 * One UNION ALL branch: counts per (run, code, carrier) of one table, read from the covering index
 * `idx_app_etc1_result (app_etc1, status_code, mob_company)` in index order (no row lookups, no
 * temporary table). For one run the run id is selected as a constant and left out of the GROUP BY:
 * `app_etc1 = const` grouped by `app_etc1` makes MariaDB fall back to a temporary table + filesort
 * when the connection collation differs from the column's (mysql2 connects as utf8mb4_general_ci,
 * the tables are utf8mb4_unicode_ci) — 4× slower on a 1M-row run.
 */
export function summaryBranchSql(src: RowSource, runIds: readonly string[]): SqlPart {
  if (runIds.length === 1) {
    return {
      sql: `SELECT ? AS run_id, status_code, mob_company, COUNT(*) AS n FROM ${from(src)}
             WHERE app_etc1 = ? GROUP BY status_code, mob_company`,
      params: [runIds[0], runIds[0]],
    };
  }
  return {
    sql: `SELECT app_etc1 AS run_id, status_code, mob_company, COUNT(*) AS n FROM ${from(src)}
           WHERE app_etc1 IN (?) GROUP BY app_etc1, status_code, mob_company`,
    params: [runIds],
  };
}

/**
 * Counts per (run, code, carrier); grouped inside each branch so only a few rows are unioned. One
 * statement per queue table (its live table + its log months), run in parallel on the pool: the
 * agent moves a row only from `SMSQ_SEND_n` into `SMSQ_SEND_n_YYYYMM`, so one snapshot per queue
 * table still sees every row exactly once (see `unionAll`), and the tables' scans use several cores.
 * The same (run, code, carrier) can come back once per table; `summarize` adds them up.
 */
async function queryRunGroups(
  mysql: MysqlPool,
  tables: readonly string[],
  runIds: readonly string[],
  months: readonly string[],
): Promise<RunGroupRow[]> {
  const byTable = new Map<string, RowSource[]>();
  for (const src of await resolveRowSources(mysql, tables, months)) byTable.set(src.table, [...(byTable.get(src.table) ?? []), src]);
  const perTable = await Promise.all([...byTable.values()].map(async (sources) => {
    const union = unionAll(sources, (src) => summaryBranchSql(src, runIds));
    const [rows] = await mysql.query(
      `SELECT run_id, status_code, mob_company, SUM(n) AS n FROM (${union.sql}) AS u
        GROUP BY run_id, status_code, mob_company`,
      union.params,
    );
    return rows as RunGroupRow[];
  }));
  return perTable.flat();
}

/** Summaries of several runs on the same tables at once (the periodic result job). */
export async function aggregateRuns(
  mysql: MysqlPool,
  tables: readonly string[],
  runIds: readonly string[],
  months: readonly string[],
): Promise<Map<string, RunResultSummary>> {
  const result = new Map<string, RunResultSummary>(runIds.map((id) => [id, emptySummary()]));
  if (runIds.length === 0) return result;
  const groups = new Map<string, ResultGroup[]>();
  for (const row of await queryRunGroups(mysql, tables, runIds, months)) {
    const list = groups.get(row.run_id) ?? [];
    // A NULL status is not a vendor state; it is shown as an unknown code (0), i.e. a failure.
    list.push({ statusCode: Number(row.status_code ?? 0), mobCompany: row.mob_company, count: Number(row.n) });
    groups.set(row.run_id, list);
  }
  for (const [runId, list] of groups) result.set(runId, summarize(list));
  return result;
}

/** Success / pending / failure by code and carrier for one run, live and archived rows alike. */
export async function aggregateRun(
  mysql: MysqlPool,
  tables: readonly string[],
  runId: string,
  months: readonly string[],
): Promise<RunResultSummary> {
  return (await aggregateRuns(mysql, tables, [runId], months)).get(runId) ?? emptySummary();
}

export interface ListRunMessagesOptions {
  page: number;
  /** At most 200. */
  pageSize: number;
  /** Full number (hyphens allowed) or its last 4 digits. */
  phone?: string;
  status?: ResultCategory;
  /** Zone the agent writes `mobsend_time`/`repmsg_recvtm` in (QTMSG_REPORT_TZ); default UTC. */
  reportTz?: string;
}

function phoneCondition(phone: string | undefined): SqlPart | null {
  if (phone === undefined) return null;
  const digits = phone.replace(/[-\s]/g, '');
  if (/^\d{4}$/.test(digits)) return { sql: 'dest_no LIKE ?', params: [`%${digits}`] };
  if (/^\d{9,20}$/.test(digits)) return { sql: 'dest_no = ?', params: [digits] };
  throw validationFailed('전화번호는 전체 번호 또는 끝 4자리로 검색하세요.', { phone });
}

/** `app_etc1 = ?` plus the optional phone and status filters, pushed into every branch. */
function messageFilter(runId: string, opts: ListRunMessagesOptions): SqlPart {
  const parts: SqlPart[] = [{ sql: 'app_etc1 = ?', params: [runId] }];
  const phone = phoneCondition(opts.phone);
  if (phone) parts.push(phone);
  if (opts.status) parts.push(categoryCondition(opts.status));
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

interface MessageRow {
  source: string;
  archived: number | string;
  seqno: number;
  dest_no: string | null;
  call_back: string | null;
  msg_type: string | null;
  status_code: number | null;
  mob_company: string | null;
  sendreq_time: string | null;
  mobsend_time: string | null;
  repmsg_recvtm: string | null;
}

/**
 * Every branch returns only its own first `offset + pageSize` rows in the final order (within one
 * table the order is sendreq_time, seqno), so the outer sort handles at most
 * sources × (offset + pageSize) rows instead of the whole run.
 */
function pageSql(sources: readonly RowSource[], filter: SqlPart, limit: number, offset: number): SqlPart {
  const union = unionAll(sources, (src) => ({
    sql: `SELECT ? AS source, ? AS tidx, ? AS archived, seqno, dest_no, call_back, msg_type, status_code,
                 mob_company, sendreq_time, mobsend_time, repmsg_recvtm
            FROM ${from(src)} WHERE ${filter.sql} ORDER BY sendreq_time, seqno LIMIT ?`,
    params: [src.name, src.tableIndex, src.archived ? 1 : 0, ...filter.params, offset + limit],
  }));
  return {
    sql: `SELECT * FROM (${union.sql}) AS u ORDER BY sendreq_time, tidx, seqno LIMIT ? OFFSET ?`,
    params: [...union.params, limit, offset],
  };
}

function countSql(sources: readonly RowSource[], filter: SqlPart): SqlPart {
  const union = unionAll(sources, (src) => ({
    sql: `SELECT COUNT(*) AS n FROM ${from(src)} WHERE ${filter.sql}`,
    params: filter.params,
  }));
  return { sql: `SELECT COALESCE(SUM(n), 0) AS total FROM (${union.sql}) AS u`, params: union.params };
}

function toMessage(row: MessageRow, dbOffsetSec: number, reportTz: string): RunMessage {
  const code = Number(row.status_code ?? 0);
  const info = describeResultCode(code);
  const carrier = describeCarrier(row.mob_company);
  return {
    table: row.source,
    seqno: Number(row.seqno),
    destNo: row.dest_no ?? '',
    callBack: row.call_back ?? '',
    msgType: row.msg_type ?? 'S',
    statusCode: code,
    label: info.label,
    category: info.category,
    subtype: info.subtype ?? null,
    carrier: carrier.code,
    carrierLabel: carrier.label,
    sendreqTime: dbWallToIso(row.sendreq_time, dbOffsetSec),
    mobsendTime: zonedWallToIso(row.mobsend_time, reportTz),
    reportTime: zonedWallToIso(row.repmsg_recvtm, reportTz),
    archived: Number(row.archived) === 1,
  };
}

/** One page of a run's messages, ordered and limited in SQL across live and log tables. */
export async function listRunMessages(
  mysql: MysqlPool,
  tables: readonly string[],
  runId: string,
  months: readonly string[],
  opts: ListRunMessagesOptions,
): Promise<RunMessagePage> {
  const { page, pageSize } = opts;
  if (!Number.isInteger(page) || page < 1) throw validationFailed('page는 1 이상이어야 합니다.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
    throw validationFailed('pageSize는 1–200이어야 합니다.');
  }
  const reportTz = opts.reportTz ?? 'UTC';
  const filter = messageFilter(runId, opts);
  const sources = await resolveRowSources(mysql, tables, months);
  const pageQuery = pageSql(sources, filter, pageSize, (page - 1) * pageSize);
  const totalQuery = countSql(sources, filter);
  const [[rows], [totals], dbOffsetSec] = await Promise.all([
    mysql.query(pageQuery.sql, pageQuery.params),
    mysql.query(totalQuery.sql, totalQuery.params),
    readDbUtcOffsetSec(mysql),
  ]);
  const total = Number((totals as Array<{ total: unknown }>)[0]?.total ?? 0);
  const items = (rows as MessageRow[]).map((r) => toMessage(r, dbOffsetSec, reportTz));
  return { items, total, page, pageSize };
}
