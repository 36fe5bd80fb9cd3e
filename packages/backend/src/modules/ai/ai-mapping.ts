import { CUSTOMER_FIELDS, PURCHASE_FIELDS, type MappingTarget } from '@hanjullo/shared';
import type { Checked } from './ai.provider.js';

/** An LLM mapping is usable only if it names every column and only known field keys, each once. */
export function mappingColumnsCheck(target: MappingTarget, columns: readonly string[], mapping: Record<string, string | null>): Checked<Record<string, string | null>> {
  const keys = new Set((target === 'customers' ? CUSTOMER_FIELDS : PURCHASE_FIELDS).map((f) => f.fieldKey));
  const problems: string[] = [];
  const used = new Set<string>();
  const out: Record<string, string | null> = {};
  for (const column of columns) {
    if (!Object.hasOwn(mapping, column)) {
      problems.push(`컬럼이 빠졌습니다: ${column}`);
      continue;
    }
    const field = mapping[column] ?? null;
    if (field !== null && !keys.has(field)) problems.push(`알 수 없는 fieldKey: ${field}`);
    out[column] = field !== null && keys.has(field) && !used.has(field) ? field : null;
    if (field !== null) used.add(field);
  }
  return problems.length === 0 ? { ok: true, data: out } : { ok: false, problems };
}
