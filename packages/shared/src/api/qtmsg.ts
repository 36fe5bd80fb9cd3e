import { z } from 'zod';
import { PageParam, pageSizeParam } from './paging.js';
import type { CarrierCode, ResultCategory, ResultSubtype } from '../qtmsg/result-codes.js';

/**
 * Responses of the QTmsg result reader and the super-admin fleet view. Codes, labels, categories
 * and carriers always come from the one result-code map (`describeResultCode`/`describeCarrier`);
 * these schemas only describe the shape the API sends.
 */

const resultCategory = z.enum(['success', 'pending', 'failure']);
const resultSubtype = z.enum([
  'invalid_number', 'handset', 'network', 'spam', 'balance', 'sender_number', 'duplicate',
  'forbidden_time', 'format', 'relay_id', 'kakao', 'partial', 'cancelled', 'other',
]);
const carrierCode = z.enum(['SKT', 'KT', 'LGU', 'UNKNOWN']);

// Compile-time proof that the enums above list exactly the unions of the result-code map.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const enumsMatchTheMap: [
  Same<z.infer<typeof resultCategory>, ResultCategory>,
  Same<z.infer<typeof resultSubtype>, ResultSubtype>,
  Same<z.infer<typeof carrierCode>, CarrierCode>,
] = [true, true, true];
void enumsMatchTheMap;

const count = z.number().int().min(0);
/** An instant as an ISO 8601 string (UTC, `Z`). */
const isoInstant = z.iso.datetime();

export const ResultCodeCount = z.object({
  code: z.number().int(),
  count,
  label: z.string(),
  category: resultCategory,
  /** Failure subtype; null for success and pending codes. */
  subtype: resultSubtype.nullable(),
});
export type ResultCodeCount = z.infer<typeof ResultCodeCount>;

export const CarrierCount = z.object({
  carrier: carrierCode,
  label: z.string(),
  /** Every message of the run reported with this carrier (MVNOs counted under their host network). */
  count,
});
export type CarrierCount = z.infer<typeof CarrierCount>;

/** Aggregates of one run over its live tables and every monthly log table the run can touch. */
export const RunResultSummary = z.object({
  total: count,
  success: count,
  pending: count,
  failure: count,
  /** Most frequent first. */
  byCode: z.array(ResultCodeCount),
  byCarrier: z.array(CarrierCount),
});
export type RunResultSummary = z.infer<typeof RunResultSummary>;

export const RunMessage = z.object({
  /** Queue table the row was written to (its log table when archived). */
  table: z.string(),
  seqno: z.number().int(),
  destNo: z.string(),
  callBack: z.string(),
  msgType: z.string(),
  statusCode: z.number().int(),
  label: z.string(),
  category: resultCategory,
  subtype: resultSubtype.nullable(),
  carrier: carrierCode,
  carrierLabel: z.string(),
  sendreqTime: isoInstant.nullable(),
  mobsendTime: isoInstant.nullable(),
  reportTime: isoInstant.nullable(),
  /** True when the agent already moved the row to `<table>_YYYYMM`. */
  archived: z.boolean(),
});
export type RunMessage = z.infer<typeof RunMessage>;

export const RunMessagePage = z.object({
  items: z.array(RunMessage),
  total: count,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(200),
});
export type RunMessagePage = z.infer<typeof RunMessagePage>;

export const RunMessageQuery = z.object({
  page: PageParam,
  pageSize: pageSizeParam(200, 50),
  /** Full number (hyphens allowed) or its last 4 digits. */
  phone: z.string().trim().regex(/^(\d{4}|[\d-]{9,20})$/, '전화번호 전체 또는 끝 4자리').optional(),
  status: resultCategory.optional(),
});
export type RunMessageQuery = z.infer<typeof RunMessageQuery>;

const FleetTableOk = z.object({
  table: z.string(),
  ok: z.literal(true),
  /** rsv1 '1': waiting for the agent. */
  pending: count,
  /** rsv1 '2' (claimed) and '3' (at the relay). */
  inFlight: count,
  /** rsv1 '4': final result written, not yet moved to the log table. */
  reported: count,
  /** Age of the oldest waiting row on the DB clock; null when nothing waits. */
  oldestPendingAgeSec: z.number().int().nullable(),
  /** Final results whose report arrived in the last hour (live + log tables). */
  lastHour: z.object({ success: count, failure: count }),
  /** Latest insert by us or report by the agent; null for an idle, empty table. */
  lastActivityAt: isoInstant.nullable(),
});

const FleetTableError = z.object({
  table: z.string(),
  ok: z.literal(false),
  error: z.string(),
});

export const FleetTableStats = z.discriminatedUnion('ok', [FleetTableOk, FleetTableError]);
export type FleetTableStats = z.infer<typeof FleetTableStats>;

export const FleetStatsResponse = z.object({
  tables: z.array(FleetTableStats),
  /** DB clock instant the stats were taken at. */
  at: isoInstant,
});
export type FleetStatsResponse = z.infer<typeof FleetStatsResponse>;
