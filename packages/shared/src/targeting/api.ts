import { z } from 'zod';
import { FILTER_OPERATORS } from './fields.js';
import { TargetFilter } from './filter.js';

/** `POST /api/targeting/preview` — counts for a filter before a campaign is saved or sent. */
export const PreviewTargetBody = z.strictObject(
  {
    filter: TargetFilter,
    /** Ads need marketing consent (`sms_opt_in`); informational messages do not. Opt-outs are excluded either way. */
    isAd: z.boolean({ error: 'isAd(광고 여부)는 true 또는 false여야 합니다.' }),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `알 수 없는 항목입니다: ${(iss.keys ?? []).join(', ')}` : '요청 본문은 객체여야 합니다.') },
);
export type PreviewTargetBody = z.infer<typeof PreviewTargetBody>;

/**
 * A waterfall that adds up: `matched = optedOut + noConsent + duplicatePhones + final`.
 * - `matched`: customer rows in the caller's scope (company, store codes) that match the filter;
 * - `optedOut`: of those, rows whose phone is on the company's opt-out list (always excluded);
 * - `noConsent`: of the rest, rows without marketing consent — excluded for ads only (0 otherwise);
 * - `duplicatePhones`: of the rest, extra rows sharing a phone with another row (one message per phone);
 * - `final`: distinct phones that will receive the message — the same set the send freezes.
 */
export const TargetPreview = z.object({
  matched: z.number().int(),
  optedOut: z.number().int(),
  noConsent: z.number().int(),
  duplicatePhones: z.number().int(),
  final: z.number().int(),
  /** The first recipient (by phone) of the final set, for a message preview with real values. */
  sample: z
    .object({ name: z.string().nullable(), phoneMasked: z.string(), grade: z.string().nullable(), region: z.string().nullable() })
    .nullable(),
  /** The filter in Korean (custom fields by the company's labels). */
  description: z.string(),
});
export type TargetPreview = z.infer<typeof TargetPreview>;

export const TargetFieldOperator = z.object({ operator: z.enum(FILTER_OPERATORS), label: z.string() });

export const TargetFieldInfo = z.object({
  field: z.string(),
  label: z.string(),
  /** `gender` | `code` | `text` | `number` | `date` | `age` | `birth_month`, or the custom type. */
  type: z.string(),
  isCustom: z.boolean(),
  operators: z.array(TargetFieldOperator),
  /** Values to pick from (gender; grade, region and store codes present in the company's data). */
  values: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
});
export type TargetFieldInfo = z.infer<typeof TargetFieldInfo>;

/** `GET /api/targeting/fields` — the filter catalog of the caller's company. */
export const TargetFieldCatalog = z.object({ fields: z.array(TargetFieldInfo) });
export type TargetFieldCatalog = z.infer<typeof TargetFieldCatalog>;
