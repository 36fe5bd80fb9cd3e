import { createHash } from 'node:crypto';
import { isCustomFieldKey, type NormalizedCustomer, type NormalizedPurchase } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { Db } from '../../db/postgres.js';
import type { OptOutSource, RecordSource } from '../../db/schema.js';
import type { Actor, DbOrTrx } from '../audit/audit.service.js';
import { addOptOuts } from '../opt-outs/opt-outs.service.js';
import {
  arrayLiteral,
  CUSTOMER_COLUMNS,
  insertPurchaseRows,
  linkPurchases,
  recomputeAggregates,
  upsertCustomerRows,
  type PurchaseRow,
} from './customer-writer.repo.js';

/**
 * The one write path for customers and purchases (upload, sync, manual edit). Callers pass rows
 * already normalised by the shared normalisers. Rules (SYNC-AGENT.md "Server rules"):
 * - ≤ 1,000 rows per transaction, one INSERT … SELECT FROM unnest … ON CONFLICT per chunk;
 * - incoming non-null values overwrite, missing ones never erase; custom fields merge key by key;
 * - `source` is set on insert and kept on update (it records how the customer first arrived);
 * - consent: a new row takes its own value, else `consentDefault`, else false. Sync and upload
 *   never change `sms_opt_in` of an existing row; a manual edit may. An explicit `false` also puts
 *   the phone on the company's opt-out list in the same transaction (a refusal is never lost);
 * - rows with the same key in one call are merged (later values win) before writing.
 */
export const WRITE_CHUNK = 1000;

export type WriteSource = 'upload' | 'sync' | 'manual';
type WriterDeps = Pick<AppDeps, 'db'>;

export interface UpsertCustomersResult {
  inserted: number;
  updated: number;
  unchanged: number;
  failed: Array<{ index: number; phone: string; reason: string }>;
}

const OPT_OUT_SOURCE: Record<WriteSource, OptOutSource> = { sync: 'sync', upload: 'upload', manual: 'customer' };
const keyOf = (c: { phone: string; store_code?: string }) => `${c.store_code ?? '\u0000'}\u0001${c.phone}`;

interface Keyed<T> {
  row: T;
  index: number;
}

/** Merges rows with the same (store_code, phone): later defined values win, custom fields merge. */
function mergeDuplicates(rows: readonly NormalizedCustomer[], offset: number): Array<Keyed<NormalizedCustomer>> {
  const byKey = new Map<string, Keyed<NormalizedCustomer>>();
  rows.forEach((row, i) => {
    const prev = byKey.get(keyOf(row));
    if (!prev) {
      byKey.set(keyOf(row), { row, index: offset + i });
      return;
    }
    const merged: NormalizedCustomer = { ...prev.row };
    for (const [k, v] of Object.entries(row)) if (v !== undefined && k !== 'custom_fields') Object.assign(merged, { [k]: v });
    if (row.custom_fields) merged.custom_fields = { ...prev.row.custom_fields, ...row.custom_fields };
    byKey.set(keyOf(row), { row: merged, index: offset + i });
  });
  return [...byKey.values()];
}

/** Position in CUSTOMER_COLUMNS of each row field, and of each custom field (read from `custom_fields`). */
const FIELD_COLUMN: Record<string, number> = Object.create(null) as Record<string, number>;
const CUSTOM_COLUMN: Record<string, number> = Object.create(null) as Record<string, number>;
CUSTOMER_COLUMNS.forEach(([name], i) => {
  if (isCustomFieldKey(name)) CUSTOM_COLUMN[name] = i;
  else FIELD_COLUMN[name] = i;
});
const CONSENT_COLUMN = FIELD_COLUMN.sms_opt_in!;

/**
 * The chunk as one array literal per column (the parameters of the unnest upsert): a missing value
 * is NULL; consent is the row's own value, else `consentDefault`. Each row's own keys are visited
 * (a normalised row carries only the fields the source gave) rather than every column looked up.
 */
function columnsOf(rows: ReadonlyArray<Keyed<NormalizedCustomer>>, consentDefault: boolean): string[] {
  const columns = CUSTOMER_COLUMNS.map(() => new Array<unknown>(rows.length).fill(null));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.row as unknown as Record<string, unknown>;
    for (const key in row) {
      const c = FIELD_COLUMN[key];
      if (c !== undefined) columns[c]![i] = row[key];
    }
    const custom = row.custom_fields as Record<string, unknown> | undefined;
    if (custom) {
      for (const key in custom) {
        const c = CUSTOM_COLUMN[key];
        if (c !== undefined) columns[c]![i] = custom[key];
      }
    }
    if (row.sms_opt_in === undefined || row.sms_opt_in === null) columns[CONSENT_COLUMN]![i] = consentDefault;
  }
  return columns.map(arrayLiteral);
}

/** Rows whose NOT NULL columns are provided alike share one statement (usually the whole chunk). */
function groupByProvided(rows: Array<Keyed<NormalizedCustomer>>, source: WriteSource) {
  const groups = new Map<string, Array<Keyed<NormalizedCustomer>>>();
  for (const r of rows) {
    const mask = [r.row.total_purchase_amount !== undefined, r.row.purchase_count !== undefined, source === 'manual' && r.row.sms_opt_in !== undefined];
    const key = mask.map(Number).join('');
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()].map(([key, group]) => ({
    provided: { totalPurchaseAmount: key[0] === '1', purchaseCount: key[1] === '1', smsOptIn: key[2] === '1' },
    group,
  }));
}

async function writeCustomerChunk(
  db: Db,
  actor: Actor,
  companyId: string,
  rows: Array<Keyed<NormalizedCustomer>>,
  source: WriteSource,
  consentDefault: boolean,
): Promise<{ inserted: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    let updated = 0;
    const linkable: string[] = [];
    for (const { provided, group } of groupByProvided(rows, source)) {
      const phones = arrayLiteral(group.map((r) => r.row.phone));
      const written = await upsertCustomerRows(trx, companyId, source, phones, columnsOf(group, consentDefault), provided);
      inserted += written.inserted;
      updated += written.updated;
      if (written.linkable) linkable.push(...written.linkable);
    }
    const refusals = rows.filter((r) => r.row.sms_opt_in === false).map((r) => r.row.phone);
    if (refusals.length > 0) await addOptOuts(trx, actor, companyId, refusals, OPT_OUT_SOURCE[source]);
    // purchases that arrived before their customer are linked now
    if (linkable.length > 0 && (await linkPurchases(trx, companyId, linkable)) > 0) {
      await recomputeAggregates(trx, companyId, linkable);
    }
    return { inserted, updated };
  });
}

function failureReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `저장할 수 없는 값이 있습니다: ${message}`;
}

/** PostgreSQL data/constraint errors (classes 22, 23) are the row's fault; anything else is ours. */
function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * Writes `rows`; when the database refuses a value (a row's fault), halves the set until the bad
 * rows are isolated — one bad row costs ~2·log2(n) extra statements, not n transactions.
 */
async function bisect<T>(rows: T[], write: (part: T[]) => Promise<void>, onFailed: (row: T, err: unknown) => void): Promise<void> {
  try {
    await write(rows);
  } catch (err) {
    if (!isRowError(err)) throw err;
    const [only] = rows;
    if (rows.length === 1 && only !== undefined) {
      onFailed(only, err);
      return;
    }
    const half = Math.ceil(rows.length / 2);
    await bisect(rows.slice(0, half), write, onFailed);
    await bisect(rows.slice(half), write, onFailed);
  }
}

export async function upsertCustomers(
  deps: WriterDeps,
  actor: Actor,
  companyId: string,
  rows: readonly NormalizedCustomer[],
  opts: { source: WriteSource; consentDefault?: boolean | null },
): Promise<UpsertCustomersResult> {
  const result: UpsertCustomersResult = { inserted: 0, updated: 0, unchanged: 0, failed: [] };
  const consentDefault = opts.consentDefault ?? false;
  for (let offset = 0; offset < rows.length; offset += WRITE_CHUNK) {
    const chunk = mergeDuplicates(rows.slice(offset, offset + WRITE_CHUNK), offset);
    const add = (r: { inserted: number; updated: number }, size: number) => {
      result.inserted += r.inserted;
      result.updated += r.updated;
      result.unchanged += size - r.inserted - r.updated;
    };
    await bisect(chunk, async (part) => add(await writeCustomerChunk(deps.db, actor, companyId, part, opts.source, consentDefault), part.length), (one, err) =>
      result.failed.push({ index: one.index, phone: one.row.phone, reason: failureReason(err) }),
    );
    // rows merged into a later duplicate count as unchanged
    result.unchanged += Math.min(WRITE_CHUNK, rows.length - offset) - chunk.length;
  }
  return result;
}

/**
 * The idempotency key of a purchase: a hash of (phone, date, store, product, amount, quantity).
 * Two identical lines of the same day collapse into one — the price of accepting re-sent batches.
 */
export function purchaseNaturalKey(p: NormalizedPurchase): string {
  const parts = [p.customer_phone, p.purchase_date, p.store_code ?? '', p.product_code ?? '', p.total_amount.toFixed(2), String(p.quantity)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function purchaseRow(p: NormalizedPurchase): PurchaseRow {
  return {
    customer_phone: p.customer_phone,
    purchase_date: p.purchase_date,
    store_code: p.store_code ?? null,
    store_name: p.store_name ?? null,
    product_code: p.product_code ?? null,
    product_name: p.product_name ?? null,
    quantity: p.quantity,
    unit_price: p.unit_price ?? null,
    total_amount: p.total_amount,
    natural_key: purchaseNaturalKey(p),
  };
}

async function writePurchaseChunk(db: Db, companyId: string, rows: PurchaseRow[], source: WriteSource): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const inserted = await insertPurchaseRows(trx, companyId, source, rows);
    if (inserted.length > 0) await refreshCustomerAggregates(trx, companyId, [...new Set(inserted)]);
    return inserted.length;
  });
}

/** Inserts purchases (≤ 1,000 per transaction), skipping ones already stored, then refreshes the touched customers' aggregates. */
export async function upsertPurchases(
  deps: WriterDeps,
  _actor: Actor,
  companyId: string,
  rows: readonly NormalizedPurchase[],
  source: WriteSource,
): Promise<{ inserted: number; duplicates: number; failed: Array<{ index: number; phone: string; reason: string }> }> {
  const out = { inserted: 0, duplicates: 0, failed: [] as Array<{ index: number; phone: string; reason: string }> };
  for (let offset = 0; offset < rows.length; offset += WRITE_CHUNK) {
    const chunk = rows.slice(offset, offset + WRITE_CHUNK).map((row, i) => ({ row: purchaseRow(row), index: offset + i }));
    await bisect(
      chunk,
      async (part) => {
        const n = await writePurchaseChunk(deps.db, companyId, part.map((p) => p.row), source);
        out.inserted += n;
        out.duplicates += part.length - n;
      },
      (one, err) => out.failed.push({ index: one.index, phone: one.row.customer_phone, reason: failureReason(err) }),
    );
  }
  return out;
}

/**
 * Links purchases to customers (by phone, preferring the same store code) and recomputes recent
 * purchase date/amount/store, total amount and count — for the customers of `phones`, or for the
 * whole company when omitted (seed, repair).
 */
export async function refreshCustomerAggregates(db: DbOrTrx, companyId: string, phones?: readonly string[]): Promise<void> {
  if (phones && phones.length === 0) return;
  await linkPurchases(db, companyId, phones);
  await recomputeAggregates(db, companyId, phones);
}

export type { RecordSource };
