import { sql, type Expression, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/postgres.js';

/**
 * Freezing a run's recipients: ONE `INSERT … SELECT` per run numbers the final set by phone
 * (`row_number()` → seq), so batches are fixed seq slices and a resumed dispatch re-reads exactly
 * the same rows. Every source yields (phone, customer_id, callback, cb_ok, merge); the shared tail
 * applies the callback rule, hand-removed phones and duplicate-prevention days, and reports counts
 * of what it dropped from the same snapshot.
 */

export interface FreezeCounts {
  /** Rows the source produced (after its own opt-out / consent / dedupe rules). */
  candidates: number;
  removedByHand: number;
  excludedCallback: number;
  excludedFrequency: number;
  inserted: number;
}

export interface FreezeTail {
  companyId: string;
  runId: string;
  campaignId: string;
  excludedPhones: readonly string[];
  duplicatePreventionDays: number | null;
}

/**
 * Duplicate-prevention days, the one rule (freeze and preview): another send campaign of the
 * company, neither failed nor cancelled, froze this phone and started sending within `days` days.
 * "Started sending" is the dispatch, not the request: a campaign scheduled long ago counts from
 * the day it went out.
 */
export function recentlySent(companyId: string, phone: Expression<unknown>, campaignId: string, days: number | null): RawBuilder<boolean> {
  if (days === null) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (
    SELECT 1 FROM run_recipients rr
    JOIN campaign_runs cr ON cr.company_id = rr.company_id AND cr.id = rr.run_id
    WHERE rr.company_id = ${companyId} AND rr.phone = ${phone} AND cr.campaign_id <> ${campaignId}
      AND cr.kind = 'send' AND cr.status NOT IN ('failed', 'cancelled')
      AND COALESCE(cr.dispatch_started_at, cr.created_at) > now() - make_interval(days => ${days}))`;
}

/** The shared tail's view of a source: each candidate with its `removed` and `recent` flags. */
function tailed(source: RawBuilder<unknown>, tail: Omit<FreezeTail, 'runId'>): RawBuilder<unknown> {
  return sql`
      SELECT s.*,
        s.phone = ANY(${[...tail.excludedPhones]}::text[]) AS removed,
        ${recentlySent(tail.companyId, sql.ref('s.phone'), tail.campaignId, tail.duplicatePreventionDays)} AS recent
      FROM (${source}) AS s`;
}

const TAIL_COUNTS = sql`
    SELECT (SELECT count(*) FROM src) AS candidates,
           (SELECT count(*) FROM src WHERE removed) AS removed,
           (SELECT count(*) FROM src WHERE NOT removed AND NOT cb_ok) AS cb_bad,
           (SELECT count(*) FROM src WHERE NOT removed AND cb_ok AND recent) AS freq_bad`;

type TailRow = { candidates: string; removed: string; cb_bad: string; freq_bad: string };
const tailCounts = (r: TailRow) => ({
  candidates: Number(r.candidates),
  removedByHand: Number(r.removed),
  excludedCallback: Number(r.cb_bad),
  excludedFrequency: Number(r.freq_bad),
});

/** `source` must produce columns phone, customer_id, callback, cb_ok, merge. */
async function freezeFrom(db: DbOrTrx, source: RawBuilder<unknown>, tail: FreezeTail): Promise<FreezeCounts> {
  // the source's sort and the seq numbering of a large target stay in memory (this transaction only)
  await sql`SET LOCAL work_mem = '64MB'`.execute(db);
  const result = await sql<TailRow & { inserted: string }>`
    WITH src AS MATERIALIZED (${tailed(source, tail)}),
    ins AS (
      INSERT INTO run_recipients (company_id, run_id, seq, phone, customer_id, callback, merge)
      SELECT ${tail.companyId}, ${tail.runId}, row_number() OVER (ORDER BY phone), phone, customer_id, callback, merge
      FROM src WHERE NOT removed AND cb_ok AND NOT recent
      RETURNING 1
    )
    ${TAIL_COUNTS}, (SELECT count(*) FROM ins) AS inserted`.execute(db);
  const r = result.rows[0]!;
  return { ...tailCounts(r), inserted: Number(r.inserted) };
}

/** Preview: what the same tail would drop from the same source now, without freezing anything. */
export async function countTail(db: DbOrTrx, source: RawBuilder<unknown>, tail: Omit<FreezeTail, 'runId'>) {
  const result = await sql<TailRow>`WITH src AS MATERIALIZED (${tailed(source, tail)}) ${TAIL_COUNTS}`.execute(db);
  return tailCounts(result.rows[0]!);
}

/** `usable`: the numbers the campaign's author may send with (registered, and assigned if restricted). */
export type CallbackRule = { mode: 'fixed'; number: string } | { mode: 'individual'; usable: readonly string[] };

/** `jsonb_build_object(name, col, …)`: names are bound values, columns come from the catalog allow-list. */
function mergeObject(alias: string, columns: ReadonlyArray<{ name: string; column: string }>): RawBuilder<unknown> {
  if (columns.length === 0) return sql`'{}'::jsonb`;
  const parts = columns.map((c) => sql`${c.name}::text, ${sql.ref(`${alias}.${c.column}`)}`);
  return sql`jsonb_build_object(${sql.join(parts)})`;
}

/**
 * The callback rule, the one definition (freeze and preview): a fixed number (checked before the
 * send), or each recipient's own store phone, usable only when it is one of the author's usable
 * numbers (registered to the company; the assigned ones for a restricted user).
 */
export function callbackColumns(rule: CallbackRule, storePhone: Expression<unknown>) {
  if (rule.mode === 'fixed') return { callback: sql`${rule.number}::text`, ok: sql`true` };
  const digits = sql`regexp_replace(COALESCE(${storePhone}, ''), '[^0-9]', '', 'g')`;
  return { callback: digits, ok: sql`${digits} = ANY(${[...rule.usable]}::text[])` };
}

/** A target campaign's candidates: the targeting module's recipient SELECT (opt-outs, consent, dedupe inside). */
export function targetSource(
  recipients: Expression<unknown>, callback: CallbackRule, mergeColumns: ReadonlyArray<{ name: string; column: string }>,
): RawBuilder<unknown> {
  const cb = callbackColumns(callback, sql`t.store_phone`);
  return sql`
    SELECT t.phone, t.id AS customer_id, ${cb.callback} AS callback, ${cb.ok} AS cb_ok, ${mergeObject('t', mergeColumns)} AS merge
    FROM (${recipients}) AS t`;
}

/** Target campaigns: the targeting module's recipient SELECT (opt-outs, consent, dedupe inside). */
export async function freezeTargetRecipients(
  db: DbOrTrx,
  recipients: Expression<unknown>,
  callback: CallbackRule,
  mergeColumns: ReadonlyArray<{ name: string; column: string }>,
  tail: FreezeTail,
): Promise<FreezeCounts> {
  return freezeFrom(db, targetSource(recipients, callback, mergeColumns), tail);
}

/** A direct send's candidates: its list, one row per phone (first line wins), without the company's opt-outs. */
export function directSource(companyId: string, campaignId: string, callback: CallbackRule): RawBuilder<unknown> {
  const cb = callbackColumns(callback, sql`d."values"->>'회신번호'`);
  return sql`
    SELECT DISTINCT ON (d.phone) d.phone, NULL::uuid AS customer_id, ${cb.callback} AS callback, ${cb.ok} AS cb_ok,
           COALESCE(d."values", '{}'::jsonb) AS merge
    FROM campaigns c, jsonb_to_recordset(c.direct_recipients) AS d(phone text, line int, "values" jsonb)
    WHERE c.company_id = ${companyId} AND c.id = ${campaignId}
      AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.company_id = ${companyId} AND o.phone = d.phone)
    ORDER BY d.phone, d.line`;
}

/**
 * Direct sends: the normalised pasted list, deduplicated by phone (first line wins) and without
 * the company's opt-outs. Returns the opt-out and duplicate counts of the same statement family.
 */
export async function freezeDirectRecipients(
  db: DbOrTrx,
  campaignId: string,
  callback: CallbackRule,
  tail: FreezeTail,
): Promise<FreezeCounts & { optedOut: number; duplicates: number; listed: number }> {
  const stats = await sql<{ listed: string; distinct_phones: string; opted_out: string }>`
    SELECT count(*) AS listed, count(DISTINCT d.phone) AS distinct_phones,
           count(DISTINCT d.phone) FILTER (WHERE EXISTS (
             SELECT 1 FROM opt_outs o WHERE o.company_id = ${tail.companyId} AND o.phone = d.phone)) AS opted_out
    FROM campaigns c, jsonb_to_recordset(c.direct_recipients) AS d(phone text, line int, "values" jsonb)
    WHERE c.company_id = ${tail.companyId} AND c.id = ${campaignId}`.execute(db);
  const counts = await freezeFrom(db, directSource(tail.companyId, campaignId, callback), tail);
  const s = stats.rows[0]!;
  return {
    ...counts,
    listed: Number(s.listed),
    duplicates: Number(s.listed) - Number(s.distinct_phones),
    optedOut: Number(s.opted_out),
  };
}

/**
 * Test sends: the user's own and the company's shared test contacts, minus opt-outs (lesson 6:
 * test sends too), with the sample recipient's merge values so the tester sees a real message.
 */
export async function freezeTestRecipients(
  db: DbOrTrx,
  userId: string | null,
  callbackNumber: string,
  merge: Record<string, unknown>,
  tail: FreezeTail,
): Promise<FreezeCounts & { optedOut: number }> {
  const owner = userId === null ? sql`tc.user_id IS NULL` : sql`(tc.user_id IS NULL OR tc.user_id = ${userId})`;
  const stats = await sql<{ opted_out: string }>`
    SELECT count(DISTINCT tc.phone) AS opted_out FROM test_contacts tc
    WHERE tc.company_id = ${tail.companyId} AND ${owner}
      AND EXISTS (SELECT 1 FROM opt_outs o WHERE o.company_id = ${tail.companyId} AND o.phone = tc.phone)`.execute(db);
  const source = sql`
    SELECT DISTINCT ON (tc.phone) tc.phone, NULL::uuid AS customer_id, ${callbackNumber}::text AS callback, true AS cb_ok,
           ${JSON.stringify(merge)}::jsonb AS merge
    FROM test_contacts tc
    WHERE tc.company_id = ${tail.companyId} AND ${owner}
      AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.company_id = ${tail.companyId} AND o.phone = tc.phone)
    ORDER BY tc.phone`;
  const counts = await freezeFrom(db, source, tail);
  return { ...counts, optedOut: Number(stats.rows[0]?.opted_out ?? 0) };
}

export interface FrozenRecipient {
  seq: number;
  phone: string;
  callback: string;
  merge: Record<string, string | number | null>;
}

/** One batch: seq in (fromSeq, toSeq], keyset on the primary key. */
export async function readRecipientSlice(db: DbOrTrx, companyId: string, runId: string, fromSeq: number, toSeq: number): Promise<FrozenRecipient[]> {
  return db.selectFrom('run_recipients').select(['seq', 'phone', 'callback', 'merge'])
    .where('company_id', '=', companyId).where('run_id', '=', runId)
    .where('seq', '>', fromSeq).where('seq', '<=', toSeq).orderBy('seq').execute() as Promise<FrozenRecipient[]>;
}

/** How many frozen recipients seq in (fromSeq, toSeq] still has (a removal by hand deletes rows). */
export async function countRecipientSlice(db: DbOrTrx, companyId: string, runId: string, fromSeq: number, toSeq: number): Promise<number> {
  const row = await db.selectFrom('run_recipients').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('company_id', '=', companyId).where('run_id', '=', runId)
    .where('seq', '>', fromSeq).where('seq', '<=', toSeq).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Up to `limit` values of a merge variable, longest first (candidates for the size check). */
export async function longestMergeValues(db: DbOrTrx, companyId: string, runId: string, name: string, limit = 5): Promise<Array<string | null>> {
  const rows = await sql<{ v: string | null }>`
    SELECT merge->>${name} AS v FROM run_recipients
    WHERE company_id = ${companyId} AND run_id = ${runId}
    ORDER BY octet_length(merge->>${name}) DESC NULLS LAST LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => r.v);
}

export async function deleteRunRecipients(db: DbOrTrx, companyId: string, runId: string): Promise<void> {
  await db.deleteFrom('run_recipients').where('company_id', '=', companyId).where('run_id', '=', runId).execute();
}
