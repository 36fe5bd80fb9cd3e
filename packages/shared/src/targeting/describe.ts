import { GENDER_LABELS, filterFieldLabel, fieldKindOf } from './fields.js';
import { isAllCustomers, isFilterGroup, type FilterCondition, type FilterGroup, type TargetFilter } from './filter.js';

/**
 * A target filter in Korean for previews and confirmations, e.g.
 * `성별: 여성 그리고 나이: 30~39세 그리고 등급: VIP, VVIP 중 하나 그리고 최근구매일: 최근 90일 이내`.
 * Custom fields show the company's label when `customLabels` has it.
 */
export function describeFilter(filter: TargetFilter, customLabels?: ReadonlyMap<string, string>): string {
  if (isAllCustomers(filter)) return '전체 고객';
  return describeGroup(filter, customLabels, false);
}

function describeGroup(group: FilterGroup, labels: ReadonlyMap<string, string> | undefined, nested: boolean): string {
  const joiner = group.op === 'and' ? ' 그리고 ' : ' 또는 ';
  const parts = group.conditions.map((c) => (isFilterGroup(c) ? describeGroup(c, labels, true) : describeCondition(c, labels)));
  const text = parts.join(joiner);
  return nested && parts.length > 1 ? `(${text})` : text;
}

const fmtNumber = (n: number) => n.toLocaleString('ko-KR');

function show(c: FilterCondition, v: string | number | boolean): string {
  if (fieldKindOf(c.field) === 'gender' && (v === 'M' || v === 'F')) return GENDER_LABELS[v];
  if (typeof v === 'boolean') return v ? '예' : '아니오';
  if (typeof v === 'number') return fmtNumber(v);
  return v;
}

function describeCondition(c: FilterCondition, labels: ReadonlyMap<string, string> | undefined): string {
  const label = filterFieldLabel(c.field, labels);
  const isAge = fieldKindOf(c.field) === 'age';
  const unit = isAge ? '세' : '';
  switch (c.operator) {
    case 'eq':
      return `${label}: ${show(c, c.value)}`;
    case 'neq':
      return `${label}: ${show(c, c.value)} 아님`;
    case 'in':
      return `${label}: ${c.value.map((v) => show(c, v)).join(', ')} 중 하나`;
    case 'gte':
      return `${label}: ${show(c, c.value)}${unit} 이상`;
    case 'lte':
      return `${label}: ${show(c, c.value)}${unit} 이하`;
    case 'between':
      return `${label}: ${show(c, c.value.from)}~${show(c, c.value.to)}`;
    case 'days_within':
      return `${label}: 최근 ${fmtNumber(c.value)}일 이내`;
    case 'days_not_within':
      return `${label}: 최근 ${fmtNumber(c.value)}일 이내 없음 (기록 없음 포함)`;
    case 'contains':
      return `${label}: '${c.value}' 포함`;
    case 'age_band':
      return `${label}: ${c.value.from}~${c.value.to}세`;
    case 'birthday_month':
      return `${label}: ${c.value === 'this_month' ? '이번 달' : `${c.value}월`}`;
  }
}
