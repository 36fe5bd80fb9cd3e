import type { Callback080Reason } from '@hanjullo/shared';
import { sql, type Expression, type Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';
import type { Callback080LogsTable } from '../../db/schema.js';

export type Callback080Log = Insertable<Callback080LogsTable>;

/** One multi-row INSERT (a callback that failed before its batch could be written). */
export async function insertCallbackLogs(db: DbOrTrx, rows: readonly Callback080Log[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('callback_080_logs').values([...rows]).execute();
}

/** One callback of a batch after the request-level checks. */
export interface CallbackBatchRow {
  /** The 080 number, digits only. */
  fr: string;
  /** The caller as a normalised mobile number; null when `cid` is not one. */
  phone: string | null;
  cid_masked: string;
  ip: string | null;
  /** `ip` if it is a valid address (the audit column is `inet`), else null. */
  audit_ip: string | null;
  /** Set when the IP, token or parameter check already refused the call: only its log row is written. */
  refused: Callback080Reason | null;
}

export type CallbackBatchOutcome = Pick<Callback080Log, 'company_id' | 'result' | 'reason'>;

/** The live companies' 080 numbers, as the companies module defines them. */
export type Live080Numbers = Expression<{ number: string | null; company_id: string }>;

/**
 * A whole batch of callbacks in one statement — one round trip and one commit, durable when it
 * returns. Each callback not yet refused resolves its company by its 080 number in this same
 * snapshot (`unknown_number` if no live company owns it; then `invalid_cid` if the caller is no
 * mobile number). The callers go onto `opt_outs` with source 080 the way `addOptOuts` puts them
 * there (ON CONFLICT DO NOTHING: a listed number keeps its source and time; one `opt_out.added`
 * audit row per company and source address with the count and a sample), and every callback gets
 * its log row: `already_listed` when its caller was on the list or came earlier in the batch.
 * Inserts run in (company, phone) order, so concurrent batches wait for each other instead of
 * deadlocking. Returns each callback's outcome, in order.
 */
export async function storeCallbackBatch(db: DbOrTrx, owners: Live080Numbers, rows: readonly CallbackBatchRow[]): Promise<CallbackBatchOutcome[]> {
  const col = <K extends keyof CallbackBatchRow>(key: K) => rows.map((r) => r[key]);
  const { rows: outcomes } = await sql<CallbackBatchOutcome>`
    WITH input AS (
      SELECT * FROM unnest(${col('fr')}::text[], ${col('phone')}::text[], ${col('cid_masked')}::text[], ${col('ip')}::text[],
        ${col('audit_ip')}::inet[], ${col('refused')}::text[])
        WITH ORDINALITY AS t(fr, phone, cid_masked, ip, audit_ip, refused, ord)
    ), owners AS (${owners}),
    classified AS (
      SELECT i.*, o.company_id,
        CASE WHEN i.refused IS NOT NULL THEN i.refused WHEN o.company_id IS NULL THEN 'unknown_number' WHEN i.phone IS NULL THEN 'invalid_cid' END AS reason
      FROM input i LEFT JOIN owners o ON i.refused IS NULL AND o.number = i.fr
    ), added AS (
      INSERT INTO opt_outs (company_id, phone, source)
      SELECT DISTINCT company_id, phone, '080' FROM classified WHERE reason IS NULL ORDER BY 1, 2
      ON CONFLICT (company_id, phone) DO NOTHING
      RETURNING company_id, phone
    ), firsts AS (
      SELECT DISTINCT ON (c.company_id, c.phone) c.ord, c.company_id, c.phone, c.audit_ip
      FROM classified c JOIN added a ON a.company_id = c.company_id AND a.phone = c.phone
      ORDER BY c.company_id, c.phone, c.ord
    ), outcomes AS (
      SELECT c.ord, c.company_id, c.fr, c.cid_masked, c.ip, c.reason,
        CASE WHEN c.reason IS NOT NULL THEN 'refused' WHEN f.ord IS NULL THEN 'already_listed' ELSE 'stored' END AS result
      FROM classified c LEFT JOIN firsts f ON f.ord = c.ord
    ), audited AS (
      INSERT INTO audit_logs (company_id, actor_type, action, details, ip)
      SELECT company_id, 'system', 'opt_out.added',
        jsonb_build_object('source', '080', 'count', count(*), 'sample', to_jsonb((array_agg(phone ORDER BY ord))[1:5])), audit_ip
      FROM firsts GROUP BY company_id, audit_ip
    ), logged AS (
      INSERT INTO callback_080_logs (company_id, fr, cid_masked, result, reason, ip)
      SELECT company_id, fr, cid_masked, result, reason, ip FROM outcomes ORDER BY ord
    )
    SELECT company_id, result, reason FROM outcomes ORDER BY ord`.execute(db);
  return outcomes;
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
