import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import {
  FILTER_OPERATOR_LABELS,
  ageBirthDateBounds,
  filterFieldLabel,
  isCustomFilterField,
  isFilterGroup,
  isPlainDate,
  operatorsFor,
  plainDateMonth,
  withinDaysStart,
  type CustomFieldKey,
  type CustomFieldType,
  type FilterCondition,
  type FilterGroup,
  type StandardFilterField,
  type TargetFilter,
} from '@hanjullo/shared';
import type { Database } from '../../db/schema.js';
import { badRequest } from '../../errors.js';

/**
 * THE compiler from the target-filter AST to SQL (LESSONS 23): every field maps to a column through
 * the fixed tables below, every value is a bound parameter, and "today" is the KST plain date the
 * caller passes (time.ts owns it). Used by the preview counts and by the recipient query the send
 * path freezes, so both select the same customers by construction.
 */

export type CustomerExpressionBuilder = ExpressionBuilder<Database, 'customers'>;
type Operand = Expression<unknown>;

export interface CompileContext {
  /** KST plain date (`kstDate(now)`) that day ranges, age bands and "this month" are relative to. */
  today: string;
  /** Custom fields the company has set up (`customer_field_labels`) and their types. */
  customFields: ReadonlyMap<string, CustomFieldType>;
  /** Company labels of custom fields, for error messages. */
  customLabels?: ReadonlyMap<string, string>;
}

type ColumnField = Exclude<StandardFilterField, 'age' | 'birth_month'>;
const COLUMNS: Readonly<Record<ColumnField, `customers.${keyof Database['customers']}`>> = {
  gender: 'customers.gender',
  region: 'customers.region',
  grade: 'customers.grade',
  points: 'customers.points',
  store_code: 'customers.store_code',
  recent_purchase_date: 'customers.recent_purchase_date',
  recent_purchase_amount: 'customers.recent_purchase_amount',
  total_purchase_amount: 'customers.total_purchase_amount',
  purchase_count: 'customers.purchase_count',
  registered_at: 'customers.registered_at',
  name: 'customers.name',
};
const CUSTOM_COLUMNS: Readonly<Record<CustomFieldKey, `customers.${CustomFieldKey}`>> = {
  custom_1: 'customers.custom_1', custom_2: 'customers.custom_2', custom_3: 'customers.custom_3',
  custom_4: 'customers.custom_4', custom_5: 'customers.custom_5', custom_6: 'customers.custom_6',
  custom_7: 'customers.custom_7', custom_8: 'customers.custom_8', custom_9: 'customers.custom_9',
  custom_10: 'customers.custom_10', custom_11: 'customers.custom_11', custom_12: 'customers.custom_12',
  custom_13: 'customers.custom_13', custom_14: 'customers.custom_14', custom_15: 'customers.custom_15',
};

// Spellings a custom yes/no column may hold (the consent spellings of KOREAN-MESSAGING-RULES §3).
const TRUE_SPELLINGS = ['y', 'yes', 'true', 't', '1', 'o', '예', '동의'];
const FALSE_SPELLINGS = ['n', 'no', 'false', 'f', '0', 'x', '아니오', '거부', '미동의'];

export function compileFilter(eb: CustomerExpressionBuilder, filter: TargetFilter, ctx: CompileContext): Expression<SqlBool> {
  if (!isFilterGroup(filter)) {
    if (filter.all === true) return sql<SqlBool>`true`;
    throw badRequest('대상 조건이 올바르지 않습니다.');
  }
  return compileGroup(eb, filter, ctx);
}

function compileGroup(eb: CustomerExpressionBuilder, group: FilterGroup, ctx: CompileContext): Expression<SqlBool> {
  // an empty group would compile to TRUE (everyone) — the parser refuses it, and so does the compiler
  if (group.conditions.length === 0) throw badRequest('비어 있는 조건 그룹은 쓸 수 없습니다.');
  const parts = group.conditions.map((c) => (isFilterGroup(c) ? compileGroup(eb, c, ctx) : compileCondition(eb, c, ctx)));
  return group.op === 'and' ? eb.and(parts) : group.op === 'or' ? eb.or(parts) : refuse(`알 수 없는 그룹 연산자입니다.`);
}

function refuse(message: string): never {
  throw badRequest(message);
}

function compileCondition(eb: CustomerExpressionBuilder, c: FilterCondition, ctx: CompileContext): Expression<SqlBool> {
  const field: string = c.field;
  if (isCustomFilterField(field)) return compileCustom(eb, field, c, ctx);
  if (field === 'age') return compileAge(eb, c, ctx.today);
  if (field === 'birth_month') return compileBirthMonth(c, ctx.today);
  if (!Object.hasOwn(COLUMNS, field)) refuse(`사용할 수 없는 필드입니다: ${String(field).slice(0, 40)}`);
  if (!operatorsFor(c.field).includes(c.operator)) refuse(`${filterFieldLabel(c.field)} 필드에는 이 조건을 쓸 수 없습니다.`);
  const column = eb.ref(COLUMNS[field as ColumnField]) as Operand;
  return compare(eb, column, c, (days) => withinDaysStart(ctx.today, days));
}

/** Comparisons on a column or a guarded expression; NULL never matches except for `neq` and `days_not_within`. */
function compare(
  eb: CustomerExpressionBuilder,
  x: Operand,
  c: FilterCondition,
  firstDayWithin: (days: number) => string,
): Expression<SqlBool> {
  switch (c.operator) {
    case 'eq':
      return eb(x, '=', c.value);
    case 'neq':
      // "VIP가 아닌 고객" includes customers without a grade
      return eb(x, 'is distinct from', c.value);
    case 'in':
      return eb(x, 'in', c.value);
    case 'gte':
      return eb(x, '>=', c.value);
    case 'lte':
      return eb(x, '<=', c.value);
    case 'between':
      return eb.and([eb(x, '>=', c.value.from), eb(x, '<=', c.value.to)]);
    case 'days_within':
      return eb(x, '>=', firstDayWithin(c.value));
    case 'days_not_within':
      // "6개월 미구매" includes customers who never purchased
      return eb.or([eb(x, '<', firstDayWithin(c.value)), eb(x, 'is', null)]);
    case 'contains':
      return eb(x, 'ilike', `%${escapeLike(c.value)}%`);
    default:
      return refuse(`이 필드에는 "${FILTER_OPERATOR_LABELS[c.operator] ?? '알 수 없는'}" 조건을 쓸 수 없습니다.`);
  }
}

/** LIKE wildcards in a user's text match literally (the default escape character is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Age in full years on KST today, as a birth_date range so the (company_id, birth_date) index applies. */
function compileAge(eb: CustomerExpressionBuilder, c: FilterCondition, today: string): Expression<SqlBool> {
  const [min, max] =
    c.operator === 'age_band' ? [c.value.from, c.value.to]
      : c.operator === 'gte' ? [c.value, null]
        : c.operator === 'lte' ? [null, c.value]
          : refuse('나이에는 연령대, 이상, 이하 조건만 쓸 수 있습니다.');
  if ((min !== null && typeof min !== 'number') || (max !== null && typeof max !== 'number')) refuse('나이는 숫자여야 합니다.');
  const { latest, earliestExclusive } = ageBirthDateBounds(today, min, max);
  const parts: Array<Expression<SqlBool>> = [];
  if (latest !== null) parts.push(eb('customers.birth_date', '<=', latest));
  if (earliestExclusive !== null) parts.push(eb('customers.birth_date', '>', earliestExclusive));
  return eb.and(parts);
}

/** Birthday month from `birth_month_day` (`MM-DD`), or from birth_date when only that is stored. */
function compileBirthMonth(c: FilterCondition, today: string): Expression<SqlBool> {
  if (c.operator !== 'birthday_month') refuse('생일 월에는 생일 월 조건만 쓸 수 있습니다.');
  const month = c.value === 'this_month' ? plainDateMonth(today) : c.value;
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12) refuse('생일 월은 1~12여야 합니다.');
  const mm = String(month).padStart(2, '0');
  return sql<SqlBool>`left(coalesce(customers.birth_month_day, to_char(customers.birth_date, 'MM-DD')), 2) = ${mm}`;
}

function compileCustom(eb: CustomerExpressionBuilder, field: CustomFieldKey, c: FilterCondition, ctx: CompileContext): Expression<SqlBool> {
  const type = ctx.customFields.get(field);
  const label = filterFieldLabel(field, ctx.customLabels);
  if (!type) refuse(`사용자 정의 필드 ${field}는(은) 이 고객사에 설정되어 있지 않습니다.`);
  if (!operatorsFor(field, type).includes(c.operator)) refuse(`${label} 필드에는 "${FILTER_OPERATOR_LABELS[c.operator]}" 조건을 쓸 수 없습니다.`);
  const column = eb.ref(CUSTOM_COLUMNS[field]);
  if (type === 'string') {
    if (!values(c).every((v) => typeof v === 'string')) refuse(`${label} 필드의 값은 문자열이어야 합니다.`);
    return compare(eb, column, c, (days) => withinDaysStart(ctx.today, days));
  }
  if (type === 'number') {
    if (!values(c).every((v) => typeof v === 'number')) refuse(`${label} 필드의 값은 숫자여야 합니다.`);
    // a value that is not a number reads as NULL instead of failing the whole query
    const cleaned = sql`replace(btrim(${column}), ',', '')`;
    const numeric = sql<number>`(CASE WHEN ${cleaned} ~ '^-?[0-9]{1,18}([.][0-9]{1,6})?$' THEN NULLIF(${cleaned}, '')::numeric END)`;
    return compare(eb, numeric, c, (days) => withinDaysStart(ctx.today, days));
  }
  if (type === 'date') {
    if (!values(c).every((v) => typeof v === 'string' && isPlainDate(v))) refuse(`${label} 필드의 값은 날짜(YYYY-MM-DD)여야 합니다.`);
    // compared as YYYYMMDD text (same order as dates, never a cast that could throw);
    // accepts 2025-01-31, 2025.01.31, 2025/01/31 and 20250131 in the column
    const digits = sql<string>`(CASE WHEN btrim(${column}) ~ '^[0-9]{4}[-./]?[0-9]{2}[-./]?[0-9]{2}$' THEN regexp_replace(btrim(${column}), '[-./]', '', 'g') END)`;
    return compare(eb, digits, compactDates(c), (days) => compact(withinDaysStart(ctx.today, days)));
  }
  if (c.operator !== 'eq' || typeof c.value !== 'boolean') return refuse(`${label} 필드는 예/아니오(true/false)로만 비교할 수 있습니다.`);
  const spellings = c.value ? TRUE_SPELLINGS : FALSE_SPELLINGS;
  return sql<SqlBool>`lower(btrim(${column})) = ANY(${spellings}::text[])`;
}

function values(c: FilterCondition): unknown[] {
  if (c.operator === 'in') return c.value;
  if (c.operator === 'between' || c.operator === 'age_band') return [c.value.from, c.value.to];
  if (c.operator === 'days_within' || c.operator === 'days_not_within') return [];
  return [c.value];
}

const compact = (date: string) => date.replaceAll('-', '');

/** The same condition with its plain dates as `YYYYMMDD`. */
function compactDates(c: FilterCondition): FilterCondition {
  switch (c.operator) {
    case 'eq': case 'neq': case 'gte': case 'lte':
      return { ...c, value: compact(String(c.value)) };
    case 'in':
      return { ...c, value: c.value.map((v) => compact(String(v))) };
    case 'between':
      return { ...c, value: { from: compact(String(c.value.from)), to: compact(String(c.value.to)) } };
    default:
      return c;
  }
}
