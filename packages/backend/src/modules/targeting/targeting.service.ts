import {
  CUSTOM_TYPE_OPERATORS,
  FILTER_OPERATOR_LABELS,
  GENDER_LABELS,
  STANDARD_FIELD_KINDS,
  STANDARD_FILTER_FIELDS,
  TargetFilter,
  describeFilter,
  filterFieldLabel,
  kstDate,
  maskPhone,
  operatorsFor,
  type FilterOperator,
  type TargetFieldCatalog,
  type TargetFieldInfo,
  type TargetPreview,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import type { DbOrTrx } from '../../db/postgres.js';
import { validationFailed } from '../../errors.js';
import type { CompanyScope } from '../scope/scope.js';
import type { CompileContext } from './compile-filter.js';
import {
  countTarget,
  findCustomFields,
  findDistinctValues,
  findStoreCodes,
  selectRecipients,
  type RecipientQuery,
} from './targeting.repo.js';

export type { RecipientQuery, RecipientRow } from './targeting.repo.js';

/** What targeting needs from the app: the database and the clock ("today" is KST of `now()`). */
export type TargetingDeps = Pick<AppDeps, 'db' | 'now'>;

export interface TargetOptions {
  /**
   * Ads (`is_ad`) go only to customers with marketing consent (`sms_opt_in`); informational
   * messages ignore consent. Opt-outs are excluded in both cases. Defaults to the stricter ad rules.
   */
  isAd?: boolean;
}

/**
 * Every filter is parsed again here, including filters read back from a stored campaign: a `{}`
 * or a group emptied by hand never compiles, and a field removed from the whitelist fails loudly.
 */
function parseFilter(filter: unknown): TargetFilter {
  const result = TargetFilter.safeParse(filter);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ path: ['filter', ...i.path].join('.'), message: i.message }));
  throw validationFailed(`대상 조건을 확인해 주세요. (${fields.map((f) => `${f.path}: ${f.message}`).join(', ')})`, { fields });
}

async function compileContextOf(db: DbOrTrx, companyId: string, now: Date): Promise<CompileContext> {
  const custom = await findCustomFields(db, companyId);
  return {
    today: kstDate(now),
    customFields: new Map(custom.map((f) => [f.key, f.type])),
    customLabels: new Map(custom.map((f) => [f.key, f.label])),
  };
}

/**
 * Counts for a filter in the caller's scope, as a waterfall that adds up
 * (`matched = optedOut + noConsent + duplicatePhones + final`), plus the first final recipient.
 * The counts come from one statement; `final` equals the row count of `recipientQuery`.
 */
export async function previewTarget(deps: TargetingDeps, scope: CompanyScope, filter: TargetFilter, opts: TargetOptions = {}): Promise<TargetPreview> {
  const isAd = opts.isAd ?? true;
  const parsed = parseFilter(filter);
  const ctx = await compileContextOf(deps.db, scope.companyId, deps.now());
  const counts = await countTarget(deps.db, scope, parsed, ctx, isAd);
  // the first recipient, looked up by its phone: a LIMIT 1 over the phone-ordered query would
  // tempt the planner into walking the company's phone index until a row happens to match
  const first = counts.firstPhone === null
    ? undefined
    : await selectRecipients(deps.db, scope, parsed, ctx, isAd).where('customers.phone', '=', counts.firstPhone).limit(1).executeTakeFirst();
  return {
    matched: counts.matched,
    optedOut: counts.optedOut,
    noConsent: counts.noConsent,
    duplicatePhones: counts.eligibleRows - counts.final,
    final: counts.final,
    sample: first ? { name: first.name, phoneMasked: maskPhone(first.phone), grade: first.grade, region: first.region } : null,
    description: describeFilter(parsed, ctx.customLabels),
  };
}

/**
 * The exact recipient SELECT the send path freezes (opt-outs out, consent for ads, one row per
 * phone, ordered by phone): embed it in an `INSERT … SELECT` or page it with `phone > last`.
 * Columns: id, phone, name, gender, birth_date, region, grade, points, store_code, store_name,
 * store_phone, registered_at, recent_purchase_*, total_purchase_amount, purchase_count, custom_1..15.
 * Pass `db` to build it on a transaction (e.g. a REPEATABLE READ snapshot); `only` narrows the row
 * to id, phone and the named columns.
 */
export async function recipientQuery(
  deps: TargetingDeps,
  scope: CompanyScope,
  filter: TargetFilter,
  opts: TargetOptions & { db?: DbOrTrx; only?: readonly string[] } = {},
): Promise<RecipientQuery> {
  const db = opts.db ?? deps.db;
  const parsed = parseFilter(filter);
  const ctx = await compileContextOf(db, scope.companyId, deps.now());
  return selectRecipients(db, scope, parsed, ctx, opts.isAd ?? true, opts.only);
}

const VALUE_LIMIT = 200;
const operatorList = (ops: readonly FilterOperator[]) => ops.map((operator) => ({ operator, label: FILTER_OPERATOR_LABELS[operator] }));
const asValues = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** The filter catalog of the caller's company: standard fields, its custom fields, and values to pick from. */
export async function listTargetFields(deps: TargetingDeps, scope: CompanyScope): Promise<TargetFieldCatalog> {
  const [custom, grades, regions, storeCodes] = await Promise.all([
    findCustomFields(deps.db, scope.companyId),
    findDistinctValues(deps.db, scope, 'grade', VALUE_LIMIT),
    findDistinctValues(deps.db, scope, 'region', VALUE_LIMIT),
    scope.storeCodes === null ? findStoreCodes(deps.db, scope.companyId, VALUE_LIMIT) : Promise.resolve([...scope.storeCodes].sort()),
  ]);
  const valuesOf: Partial<Record<string, TargetFieldInfo['values']>> = {
    gender: Object.entries(GENDER_LABELS).map(([value, label]) => ({ value, label })),
    grade: asValues(grades),
    region: asValues(regions),
    store_code: asValues(storeCodes),
  };
  const standard: TargetFieldInfo[] = STANDARD_FILTER_FIELDS.map((field) => ({
    field,
    label: filterFieldLabel(field),
    type: STANDARD_FIELD_KINDS[field],
    isCustom: false,
    operators: operatorList(operatorsFor(field)),
    values: valuesOf[field] ?? null,
  }));
  const customFields: TargetFieldInfo[] = custom
    .sort((a, b) => Number(a.key.slice(7)) - Number(b.key.slice(7)))
    .map((f) => ({
      field: f.key,
      label: f.label,
      type: f.type,
      isCustom: true,
      operators: operatorList(CUSTOM_TYPE_OPERATORS[f.type]),
      values: null,
    }));
  return { fields: [...standard, ...customFields] };
}
