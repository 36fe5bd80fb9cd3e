import { quoteIdent, type FleetStatsResponse, type FleetTableStats } from '@hanjullo/shared';
import { allSmsTables, smsqLogTable, smsqSendTable, type MysqlPool } from '../../db/mysql.js';
import { dbWallToIso, sqlOffsetOf, zonedWallToIso } from './qtmsg-time.js';
import { categoryCondition, existingTables } from './qtmsg-sql.js';

/**
 * Data for the super-admin fleet view: one row of health per agent table. One statement per table,
 * all tables in parallel; a table that cannot be read becomes an error entry, never a failed page.
 *
 * "Results in the last hour" are counted by `repmsg_recvtm` (report received): it is set for every
 * final row, including the agent's own rejections (9007, 62 …) where `mobsend_time` stays NULL, and it
 * is the moment the result became known. The move time is not stored anywhere. `repmsg_recvtm` is
 * in the agent's report zone, so "an hour ago" is computed in that zone from the DB's UTC clock.
 */

export interface FleetStatsOptions {
  /** Defaults to every configured table. */
  tables?: readonly string[];
  /** Zone of `mobsend_time`/`repmsg_recvtm` (QTMSG_REPORT_TZ); default UTC. */
  reportTz?: string;
}

interface DbClock {
  now: string;
  offsetSec: number;
  /** One hour ago, as a wall time in the report zone. */
  since: string;
  /** Log months the last hour touches (the month now and an hour ago, on the DB clock). */
  months: string[];
}

async function readClock(mysql: MysqlPool, reportTz: string): Promise<DbClock> {
  const [rows] = await mysql.query(
    `SELECT NOW() AS now, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS off,
            DATE_SUB(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', ?), INTERVAL 1 HOUR) AS since,
            DATE_FORMAT(NOW(), '%Y%m') AS ym, DATE_FORMAT(NOW() - INTERVAL 1 HOUR, '%Y%m') AS ym_before`,
    [sqlOffsetOf(reportTz)],
  );
  const r = (rows as Array<Record<string, string>>)[0]!;
  return {
    now: r['now']!,
    offsetSec: Math.round(Number(r['off']) / 60) * 60,
    since: r['since']!,
    months: [...new Set([r['ym_before']!, r['ym']!])],
  };
}

interface StatsRow {
  pending: string | number | null;
  in_flight: string | number | null;
  reported: string | number | null;
  oldest_age: string | number | null;
  ok_hour: string | number | null;
  fail_hour: string | number | null;
  last_insert: string | null;
  last_report: string | null;
}

/**
 * Live table: states, oldest waiting row and recent results in one scan. Log tables: recent results,
 * plus the newest moved row (highest seqno, a primary-key lookup) so an idle table still shows when
 * it last worked.
 */
function statsSql(live: string, logs: readonly string[], since: string): { sql: string; params: unknown[] } {
  const ok = categoryCondition('success');
  const bad = categoryCondition('failure');
  const hour = `repmsg_recvtm >= ?`;
  const parts = [`(SELECT SUM(rsv1 = '1') AS pending, SUM(rsv1 IN ('2', '3')) AS in_flight, SUM(rsv1 = '4') AS reported,
      TIMESTAMPDIFF(SECOND, MIN(CASE WHEN rsv1 = '1' THEN msg_instm END), NOW()) AS oldest_age,
      SUM(${hour} AND ${ok.sql}) AS ok_hour, SUM(${hour} AND ${bad.sql}) AS fail_hour,
      MAX(msg_instm) AS last_insert, MAX(repmsg_recvtm) AS last_report
    FROM ${quoteIdent(live)})`];
  const params: unknown[] = [since, ...ok.params, since, ...bad.params];
  for (const log of logs) {
    parts.push(`(SELECT 0, 0, 0, NULL, SUM(${ok.sql}), SUM(${bad.sql}), NULL, MAX(repmsg_recvtm)
      FROM ${quoteIdent(log)} WHERE ${hour})`);
    parts.push(`(SELECT 0, 0, 0, NULL, 0, 0, NULL, repmsg_recvtm FROM ${quoteIdent(log)} ORDER BY seqno DESC LIMIT 1)`);
    params.push(...ok.params, ...bad.params, since);
  }
  return { sql: parts.join('\nUNION ALL\n'), params };
}

const num = (v: string | number | null): number => Number(v ?? 0);
const latest = (values: (string | null)[]): string | null =>
  values.filter((v): v is string => v !== null).sort().at(-1) ?? null;

async function tableStats(
  mysql: MysqlPool, table: string, logs: readonly string[], clock: DbClock, reportTz: string,
): Promise<FleetTableStats> {
  const { sql, params } = statsSql(table, logs, clock.since);
  const [rows] = await mysql.query(sql, params);
  const [live, ...logRows] = rows as StatsRow[];
  if (!live) throw new Error(`no statistics row for ${table}`);
  const all = [live, ...logRows];
  return {
    table,
    ok: true,
    pending: num(live.pending),
    inFlight: num(live.in_flight),
    reported: num(live.reported),
    oldestPendingAgeSec: live.oldest_age === null ? null : Math.max(0, num(live.oldest_age)),
    lastHour: {
      success: all.reduce((n, r) => n + num(r.ok_hour), 0),
      failure: all.reduce((n, r) => n + num(r.fail_hour), 0),
    },
    lastActivityAt: latest([
      dbWallToIso(live.last_insert, clock.offsetSec),
      ...all.map((r) => zonedWallToIso(r.last_report, reportTz)),
    ]),
  };
}

const errorEntry = (table: string, err: unknown): FleetTableStats => ({
  table, ok: false, error: err instanceof Error ? err.message : String(err),
});

/** A requested table after the guard: its log tables, or why it was refused. */
type Guarded = { table: string; logs: string[]; error?: never } | { table: string; logs?: never; error: unknown };

/** Per-table queue health of the whole fleet (or of `opts.tables`). */
export async function getFleetStats(mysql: MysqlPool, opts: FleetStatsOptions = {}): Promise<FleetStatsResponse> {
  const reportTz = opts.reportTz ?? 'UTC';
  const tables = opts.tables ?? allSmsTables();
  const clock = await readClock(mysql, reportTz);
  const guarded = tables.map((t): Guarded => {
    try {
      const name = smsqSendTable(t);
      return { table: name, logs: clock.months.map((ym) => smsqLogTable(name, ym)) };
    } catch (error) {
      return { table: t, error };
    }
  });
  const existing = await existingTables(mysql, guarded.flatMap((g) => (g.logs ? [g.table, ...g.logs] : [])));
  const stats = await Promise.all(guarded.map(async (g): Promise<FleetTableStats> => {
    if (!g.logs) return errorEntry(g.table, g.error);
    if (!existing.has(g.table)) return errorEntry(g.table, new Error(`queue table ${g.table} does not exist in MySQL`));
    return tableStats(mysql, g.table, g.logs.filter((l) => existing.has(l)), clock, reportTz)
      .catch((err: unknown) => errorEntry(g.table, err));
  }));
  return { tables: stats, at: dbWallToIso(clock.now, clock.offsetSec)! };
}
