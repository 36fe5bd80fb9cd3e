import { z } from 'zod';
import { isPlainDate } from '../time.js';
import {
  FILTER_FIELD_LABELS,
  FILTER_OPERATORS,
  FILTER_OPERATOR_LABELS,
  fieldKindOf,
  isCustomFilterField,
  isFilterField,
  operatorsFor,
  type FilterField,
  type FilterFieldKind,
  type FilterOperator,
} from './fields.js';

/**
 * The target filter AST (SPEC § D): `{ all: true }` or an AND/OR group of conditions and nested
 * groups. An empty filter (`{}`, a group without conditions) is refused — "everyone" must be said
 * explicitly (LESSONS 2). Field names are checked against a whitelist; values are only ever bound
 * parameters on the server (LESSONS 23).
 */

export const MAX_FILTER_DEPTH = 3;
export const MAX_FILTER_CONDITIONS = 50;
export const MAX_FILTER_IN_VALUES = 200;
export const MAX_FILTER_DAYS = 3650;

export interface FilterRange<T> {
  from: T;
  to: T;
}
interface Cond<O extends FilterOperator, V> {
  field: FilterField;
  operator: O;
  value: V;
}
export type FilterCondition =
  | Cond<'eq' | 'neq', string | number | boolean>
  | Cond<'in', Array<string | number>>
  | Cond<'gte' | 'lte', string | number>
  | Cond<'between', FilterRange<string> | FilterRange<number>>
  | Cond<'days_within' | 'days_not_within', number>
  | Cond<'contains', string>
  | Cond<'age_band', FilterRange<number>>
  | Cond<'birthday_month', number | 'this_month'>;

export interface FilterGroup {
  op: 'and' | 'or';
  conditions: Array<FilterCondition | FilterGroup>;
}
export interface AllCustomers {
  all: true;
}
export type TargetFilter = AllCustomers | FilterGroup;

export const isFilterGroup = (n: FilterCondition | FilterGroup | TargetFilter): n is FilterGroup => 'op' in n;
export const isAllCustomers = (f: TargetFilter): f is AllCustomers => 'all' in f;

export const EMPTY_FILTER_MESSAGE =
  '대상 조건이 비어 있습니다. 전체 고객에게 보내려면 "전체 고객"({ "all": true })을 명시적으로 선택해 주세요.';

// control characters (a NUL byte above all) can never match a stored value and PostgreSQL refuses them
const isControl = (code: number) => code < 0x20 || code === 0x7f;
const text = z.string({ error: '문자열이어야 합니다.' }).trim().min(1, { error: '값을 입력해 주세요.' }).max(100, { error: '100자 이하로 입력해 주세요.' })
  .refine((v) => ![...v].some((ch) => isControl(ch.charCodeAt(0))), { error: '값에 제어 문자를 쓸 수 없습니다.' });
const number = z.number({ error: '숫자여야 합니다.' }).min(-1e12).max(1e12);
const plainDate = z.string({ error: '날짜(YYYY-MM-DD)여야 합니다.' }).refine(isPlainDate, { error: '날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다.' });
const age = z.number({ error: '나이는 숫자여야 합니다.' }).int({ error: '나이는 정수여야 합니다.' }).min(0).max(150);

const SCALARS: Record<FilterFieldKind, z.ZodType<string | number | boolean>> = {
  gender: z.enum(['M', 'F'], { error: '성별은 M 또는 F여야 합니다.' }),
  code: text,
  text,
  number,
  date: plainDate,
  age,
  birth_month: z.never(),
  // the custom field's type is known only from the company's catalog: the compiler checks it
  custom: z.union([text, number, z.boolean()], { error: '문자열, 숫자 또는 true/false여야 합니다.' }),
};

function range<T extends string | number>(scalar: z.ZodType<T>) {
  return z
    .strictObject({ from: scalar, to: scalar }, { error: '{ "from": …, "to": … } 형식이어야 합니다.' })
    .refine((r) => typeof r.from === typeof r.to, { error: 'from과 to는 같은 종류의 값이어야 합니다.' })
    .refine((r) => r.from <= r.to, { error: 'from이 to보다 클 수 없습니다.' });
}

function valueSchema(kind: FilterFieldKind, operator: FilterOperator): z.ZodType {
  const scalar = SCALARS[kind];
  switch (operator) {
    case 'eq':
    case 'neq':
      return scalar;
    case 'in':
      return z
        .array(kind === 'custom' ? z.union([text, number]) : scalar, { error: '값 목록(배열)이어야 합니다.' })
        .min(1, { error: '값을 하나 이상 선택해 주세요.' })
        .max(MAX_FILTER_IN_VALUES, { error: `값은 ${MAX_FILTER_IN_VALUES}개 이하로 선택해 주세요.` });
    case 'gte':
    case 'lte':
      return kind === 'custom' ? z.union([number, plainDate], { error: '숫자 또는 날짜(YYYY-MM-DD)여야 합니다.' }) : scalar;
    case 'between':
      return kind === 'custom' ? z.union([range(number), range(plainDate)]) : range(scalar as z.ZodType<string | number>);
    case 'days_within':
    case 'days_not_within':
      return z.number({ error: '일수는 숫자여야 합니다.' }).int({ error: '일수는 정수여야 합니다.' })
        .min(1, { error: '일수는 1 이상이어야 합니다.' }).max(MAX_FILTER_DAYS, { error: `일수는 ${MAX_FILTER_DAYS} 이하여야 합니다.` });
    case 'contains':
      return text;
    case 'age_band':
      return range(age);
    case 'birthday_month':
      return z.union([z.number().int().min(1).max(12), z.literal('this_month')], { error: '생일 월은 1~12 또는 "this_month"여야 합니다.' });
  }
}

type Path = Array<string | number>;
interface Walk {
  ctx: z.RefinementCtx;
  conditions: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (w: Walk, path: Path, message: string): undefined => {
  w.ctx.addIssue({ code: 'custom', message, path });
  return undefined;
};
const extraKeys = (v: Record<string, unknown>, allowed: readonly string[]) => Object.keys(v).filter((k) => !allowed.includes(k));

function parseCondition(w: Walk, v: Record<string, unknown>, path: Path): FilterCondition | undefined {
  const extra = extraKeys(v, ['field', 'operator', 'value']);
  if (extra.length) return fail(w, path, `알 수 없는 항목입니다: ${extra.join(', ')}`);
  const { field, operator, value } = v;
  if (typeof field !== 'string' || !isFilterField(field)) {
    return fail(w, [...path, 'field'], `사용할 수 없는 필드입니다: ${JSON.stringify(field)?.slice(0, 60) ?? String(field)}`);
  }
  if (typeof operator !== 'string' || !(FILTER_OPERATORS as readonly string[]).includes(operator)) {
    return fail(w, [...path, 'operator'], `알 수 없는 연산자입니다: ${String(operator).slice(0, 40)}`);
  }
  const op = operator as FilterOperator;
  if (!operatorsFor(field).includes(op)) {
    const name = isCustomFilterField(field) ? field : FILTER_FIELD_LABELS[field];
    return fail(w, [...path, 'operator'], `${name} 필드에는 "${FILTER_OPERATOR_LABELS[op]}" 조건을 쓸 수 없습니다.`);
  }
  const parsed = valueSchema(fieldKindOf(field), op).safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(w, [...path, 'value', ...(issue.path as Path)], issue.message);
    return undefined;
  }
  return { field, operator: op, value: parsed.data } as FilterCondition;
}

function parseGroup(w: Walk, v: Record<string, unknown>, path: Path, depth: number): FilterGroup | undefined {
  const extra = extraKeys(v, ['op', 'conditions']);
  if (extra.length) return fail(w, path, `알 수 없는 항목입니다: ${extra.join(', ')}`);
  if (depth > MAX_FILTER_DEPTH) return fail(w, path, `조건 그룹은 ${MAX_FILTER_DEPTH}단계까지만 중첩할 수 있습니다.`);
  if (v.op !== 'and' && v.op !== 'or') return fail(w, [...path, 'op'], '그룹의 op는 "and" 또는 "or"여야 합니다.');
  if (!Array.isArray(v.conditions)) return fail(w, [...path, 'conditions'], '조건 목록(conditions)은 배열이어야 합니다.');
  if (v.conditions.length === 0) return fail(w, [...path, 'conditions'], EMPTY_FILTER_MESSAGE);
  const conditions: FilterGroup['conditions'] = [];
  v.conditions.forEach((item: unknown, i) => {
    const at = [...path, 'conditions', i];
    if (!isRecord(item)) return fail(w, at, '조건은 객체여야 합니다.');
    const node = 'op' in item || 'conditions' in item ? parseGroup(w, item, at, depth + 1) : parseCondition(w, item, at);
    if (node && !isFilterGroup(node)) w.conditions += 1;
    if (node) conditions.push(node);
    return undefined;
  });
  return { op: v.op, conditions };
}

/**
 * Parses a target filter. A hand-written walk instead of `z.union`, so a mistake deep in a group
 * is reported at its own path in Korean rather than as "invalid union".
 */
export const TargetFilter: z.ZodType<TargetFilter, unknown> = z.unknown().transform((input, ctx): TargetFilter => {
  const w: Walk = { ctx, conditions: 0 };
  if (!isRecord(input)) return fail(w, [], '대상 조건(filter)은 객체여야 합니다.') ?? z.NEVER;
  if ('all' in input) {
    if (input.all === true && Object.keys(input).length === 1) return { all: true };
    return fail(w, [], '전체 고객은 { "all": true } 로만 지정할 수 있습니다.') ?? z.NEVER;
  }
  if (Object.keys(input).length === 0) return fail(w, [], EMPTY_FILTER_MESSAGE) ?? z.NEVER;
  const group = parseGroup(w, input, [], 1);
  if (w.conditions > MAX_FILTER_CONDITIONS) {
    return fail(w, [], `조건은 최대 ${MAX_FILTER_CONDITIONS}개까지 쓸 수 있습니다. (${w.conditions}개)`) ?? z.NEVER;
  }
  return group ?? z.NEVER;
});
