import { RESULT_CODES, quoteIdent, type ResultCategory } from '@hanjullo/shared';
import { smsqLogTable, smsqSendTable, type MysqlPool } from '../../db/mysql.js';

/**
 * SQL building blocks shared by the queue writer, the result reader and the fleet view: which
 * physical tables a run's rows can be in, UNION ALL over them, and result categories as bound code
 * lists taken from the one result-code map (never hand-written code lists in SQL).
 */

export interface RowSource {
  /** The configured queue table (also for its log tables). */
  readonly table: string;
  /** Position of `table` in the caller's list: a cheap, stable sort key across tables. */
  readonly tableIndex: number;
  /** The physical table to read: the queue table or `<table>_YYYYMM`. */
  readonly name: string;
  readonly archived: boolean;
}

export interface SqlPart {
  readonly sql: string;
  readonly params: unknown[];
}

/** Which of the (guarded) table names exist in the current database: one information_schema query. */
export async function existingTables(mysql: MysqlPool, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const [rows] = await mysql.query(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)',
    [[...names]],
  );
  return new Set((rows as Array<{ name: string }>).map((r) => r.name));
}

/**
 * The live tables plus every log table of `months` that exists, checked with one
 * information_schema query. A missing log table holds nothing (lesson 16: it must not fail the read);
 * a missing queue table is a broken deployment and throws. Every name passes the table guard.
 */
export async function resolveRowSources(
  mysql: MysqlPool,
  tables: readonly string[],
  months: readonly string[],
): Promise<RowSource[]> {
  if (tables.length === 0) throw new Error('no QTmsg tables given');
  const live = tables.map((t, tableIndex): RowSource => ({
    table: smsqSendTable(t), tableIndex, name: smsqSendTable(t), archived: false,
  }));
  const logs = live.flatMap((src) =>
    [...new Set(months)].map((ym): RowSource => ({ ...src, name: smsqLogTable(src.table, ym), archived: true })),
  );
  const existing = await existingTables(mysql, [...live, ...logs].map((s) => s.name));
  const missingLive = live.filter((s) => !existing.has(s.name)).map((s) => s.name);
  if (missingLive.length > 0) throw new Error(`QTmsg queue table missing in MySQL: ${missingLive.join(', ')}`);
  return [...live, ...logs.filter((s) => existing.has(s.name))];
}

/**
 * One statement over every source. A single statement reads one consistent InnoDB snapshot, so a
 * row the agent is moving (copy + delete in one transaction) is seen exactly once — live or log,
 * never both or neither. Separate queries per table could miss or double-count it.
 */
export function unionAll(sources: readonly RowSource[], branch: (src: RowSource) => SqlPart): SqlPart {
  const parts = sources.map(branch);
  return {
    sql: parts.map((p) => `(${p.sql})`).join('\nUNION ALL\n'),
    params: parts.flatMap((p) => p.params),
  };
}

export function from(src: RowSource): string {
  return quoteIdent(src.name);
}

const codesOf = (category: ResultCategory): number[] =>
  RESULT_CODES.filter((c) => c.category === category).map((c) => c.code);

export const SUCCESS_CODES: readonly number[] = codesOf('success');
export const PENDING_CODES: readonly number[] = codesOf('pending');
const NOT_FAILURE = [...SUCCESS_CODES, ...PENDING_CODES];

/**
 * `status_code` condition of a category. Failure is "neither success nor pending" so that unknown
 * codes count as failures, exactly like `describeResultCode`.
 */
export function categoryCondition(category: ResultCategory, column = 'status_code'): SqlPart {
  if (category === 'failure') {
    return { sql: `(${column} IS NULL OR ${column} NOT IN (?))`, params: [NOT_FAILURE] };
  }
  return { sql: `${column} IN (?)`, params: [category === 'success' ? SUCCESS_CODES : PENDING_CODES] };
}
