import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { Callback080LogsTable } from '../../db/schema.js';

export type Callback080Log = Insertable<Callback080LogsTable>;

export async function insertCallbackLog(db: DbOrTrx, row: Callback080Log): Promise<void> {
  await db.insertInto('callback_080_logs').values(row).execute();
}

export interface CallbackLogFilter {
  result?: Callback080LogsTable['result'];
  fr?: string;
}

/** Newest first, paged in SQL, with the resolved company's name. */
export async function listCallbackLogRows(db: DbOrTrx, f: CallbackLogFilter, limit: number, offset: number) {
  let q = db.selectFrom('callback_080_logs as l');
  if (f.result) q = q.where('l.result', '=', f.result);
  if (f.fr) q = q.where('l.fr', '=', f.fr);
  const [rows, count] = await Promise.all([
    q.leftJoin('companies as c', 'c.id', 'l.company_id')
      .select(['l.id', 'l.created_at', 'l.company_id', 'c.name as company_name', 'l.fr', 'l.cid_masked', 'l.result', 'l.reason', 'l.ip'])
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export interface NumberStatRow {
  number: string;
  company_id: string | null;
  company_name: string | null;
  last_at: Date | null;
  last_result: Callback080LogsTable['result'] | null;
  count_today: number;
  accepted_today: number;
}

const statColumns = (todayStart: Date) => sql`
  last.created_at AS last_at, last.result AS last_result,
  coalesce(cnt.total, 0)::int AS count_today, coalesce(cnt.accepted, 0)::int AS accepted_today
  FROM nums n
  LEFT JOIN LATERAL (
    SELECT created_at, result FROM callback_080_logs WHERE fr = n.number ORDER BY created_at DESC LIMIT 1
  ) last ON true
  LEFT JOIN LATERAL (
    SELECT count(*) AS total, count(*) FILTER (WHERE result IN ('stored', 'already_listed')) AS accepted
    FROM callback_080_logs WHERE fr = n.number AND created_at >= ${todayStart}
  ) cnt ON true`;

/**
 * Every live company's 080 number, plus numbers no company owns that passed the IP and token
 * checks since `unknownSince` (Narae calling for a number we do not know): last callback and
 * today's counts from the (fr, created_at) index.
 */
export async function listNumberStats(db: DbOrTrx, todayStart: Date, unknownSince: Date): Promise<NumberStatRow[]> {
  const { rows } = await sql<NumberStatRow>`
    WITH live AS (
      SELECT opt_out_080_number AS number, id AS company_id, name AS company_name FROM companies
      WHERE opt_out_080_number IS NOT NULL AND status <> 'terminated'
    ), nums AS (
      SELECT * FROM live
      UNION ALL
      SELECT DISTINCT l.fr, NULL::uuid, NULL::text FROM callback_080_logs l
      WHERE l.created_at >= ${unknownSince} AND l.reason = 'unknown_number'
        AND NOT EXISTS (SELECT 1 FROM live WHERE live.number = l.fr)
    )
    SELECT n.number, n.company_id, n.company_name, ${statColumns(todayStart)}
    ORDER BY n.company_id IS NULL, n.number`.execute(db);
  return rows;
}

export async function findNumberStat(db: DbOrTrx, number: string, todayStart: Date): Promise<NumberStatRow> {
  const { rows } = await sql<NumberStatRow>`
    WITH nums AS (SELECT ${number}::text AS number)
    SELECT n.number, NULL::uuid AS company_id, NULL::text AS company_name, ${statColumns(todayStart)}`.execute(db);
  return rows[0]!;
}
