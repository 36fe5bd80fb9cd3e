import {
  describeCarrier, describeResultCode, type CarrierCode, type CarrierCount, type ResultCodeCount, type RunResultSummary,
} from '@hanjullo/shared';

/**
 * Turns the few `(status_code, mob_company, count)` groups SQL returns into the API summary. Labels,
 * categories and carriers come only from the shared result-code map (lesson 17).
 */

export interface ResultGroup {
  readonly statusCode: number;
  readonly mobCompany: string | null;
  readonly count: number;
}

const CARRIER_ORDER: readonly CarrierCode[] = ['SKT', 'KT', 'LGU', 'UNKNOWN'];

export function emptySummary(): RunResultSummary {
  return { total: 0, success: 0, pending: 0, failure: 0, byCode: [], byCarrier: [] };
}

function byCodeOf(groups: readonly ResultGroup[]): ResultCodeCount[] {
  const counts = new Map<number, number>();
  for (const g of groups) counts.set(g.statusCode, (counts.get(g.statusCode) ?? 0) + g.count);
  return [...counts.entries()]
    .map(([code, count]) => {
      const info = describeResultCode(code);
      return { code, count, label: info.label, category: info.category, subtype: info.subtype ?? null };
    })
    .sort((a, b) => b.count - a.count || a.code - b.code);
}

function byCarrierOf(groups: readonly ResultGroup[]): CarrierCount[] {
  const counts = new Map<CarrierCode, { label: string; count: number }>();
  for (const g of groups) {
    const carrier = describeCarrier(g.mobCompany);
    const entry = counts.get(carrier.code) ?? { label: carrier.label, count: 0 };
    entry.count += g.count;
    counts.set(carrier.code, entry);
  }
  return CARRIER_ORDER.flatMap((code) => {
    const entry = counts.get(code);
    return entry ? [{ carrier: code, label: entry.label, count: entry.count }] : [];
  });
}

export function summarize(groups: readonly ResultGroup[]): RunResultSummary {
  const byCode = byCodeOf(groups);
  const sum = (category: ResultCodeCount['category']): number =>
    byCode.filter((c) => c.category === category).reduce((n, c) => n + c.count, 0);
  const success = sum('success');
  const pending = sum('pending');
  const failure = sum('failure');
  return { total: success + pending + failure, success, pending, failure, byCode, byCarrier: byCarrierOf(groups) };
}
