import type { MergeField, MergeFieldKind, MergeValue, MergeValues } from './types.js';

/**
 * `%변수명%` or `%변수명|fallback%`. A name starts with a letter (Hangul or Latin) or `_` and has no
 * spaces, so ordinary percent signs ("50% 할인, 추가 10% 적립", "30%~50%") are left alone.
 */
const TOKEN = /%([A-Za-z_\uAC00-\uD7A3][0-9A-Za-z_\uAC00-\uD7A3()·-]*)(?:\|([^%\n]*))?%/g;

export interface VariableToken {
  /** The whole token as written, e.g. `%이름|고객%`. */
  token: string;
  name: string;
  fallback: string | null;
  /** UTF-16 offset of the token in the text. */
  offset: number;
}

export function findVariableTokens(text: string): VariableToken[] {
  return [...text.matchAll(TOKEN)].map((m) => ({
    token: m[0],
    name: m[1] ?? '',
    fallback: m[2] ?? null,
    offset: m.index,
  }));
}

/** Variable names used in a body, each once, in order of first use. */
export function parseVariables(body: string): string[] {
  return [...new Set(findVariableTokens(body).map((t) => t.name))];
}

/** Catalog labels are matched ignoring spaces: a label "사용자 정의 1" is written `%사용자정의1%`. */
export function mergeKey(name: string): string {
  return name.replace(/\s+/g, '');
}

/** The token an editor should insert for a catalog field. */
export function mergeToken(field: Pick<MergeField, 'name'>): string {
  return `%${mergeKey(field.name)}%`;
}

export function findMergeField(catalog: readonly MergeField[], name: string): MergeField | undefined {
  const key = mergeKey(name);
  return catalog.find((f) => mergeKey(f.name) === key);
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const COMPACT_DATE = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const SEPARATED_DATE = /^((?:19|20)\d{2})[-./](0?[1-9]|1[0-2])[-./](0?[1-9]|[12]\d|3[01])\.?$/;

/** Leading zero (010…, 02…, 080…) = an identifier such as a phone number, never an amount. */
function isPhoneLike(digits: string): boolean {
  return /^0\d+$/.test(digits);
}

function isDateLike(text: string): boolean {
  return COMPACT_DATE.test(text) || SEPARATED_DATE.test(text);
}

function groupThousands(text: string): string {
  const [integer = '', fraction] = text.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Plain dates stay strings: `20250105`, `2025.1.5`, `2025/01/05` → `2025-01-05`; else unchanged. */
function formatDate(text: string): string {
  if (COMPACT_DATE.test(text)) return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  const m = SEPARATED_DATE.exec(text);
  if (!m) return text;
  return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
}

/**
 * One value as it appears in a message. Numbers (a `number` field, or a JS number anywhere) get
 * thousands separators unless they look like a phone number or a date; dates render `YYYY-MM-DD`;
 * phones and text stay as given. Empty (null, '', spaces) → ''.
 */
export function formatMergeValue(value: MergeValue, kind: MergeFieldKind): string {
  if (value === null || value === undefined) return '';
  const text = String(value).trim();
  if (text === '') return '';
  if (kind === 'date') return formatDate(text);
  if (kind === 'phone') return text;
  const isNumeric = kind === 'number' || typeof value === 'number';
  if (!isNumeric || !PLAIN_NUMBER.test(text)) return text;
  if (isPhoneLike(text) || isDateLike(text)) return text;
  return groupThousands(text);
}

export interface RenderMergeOptions {
  /**
   * Size-check mode: `values` hold the longest real value per variable, and a token with a fallback
   * renders whichever of value and fallback is longer (some recipient may have an empty value).
   */
  measureLongest?: (a: string, b: string) => string;
}

export interface RenderMergeResult {
  text: string;
  /** Names not in the catalog, each once; their tokens are left in the text untouched. */
  unknownVariables: string[];
}

/** Replaces every known token; unknown names are reported, never silently deleted. */
export function renderMerge(
  body: string,
  values: MergeValues,
  catalog: readonly MergeField[],
  options: RenderMergeOptions = {},
): RenderMergeResult {
  const unknown = new Set<string>();
  const byKey = new Map(Object.entries(values).map(([k, v]) => [mergeKey(k), v] as const));
  const text = body.replace(TOKEN, (token: string, name: string, fallback: string | undefined) => {
    const field = findMergeField(catalog, name);
    if (!field) {
      unknown.add(name);
      return token;
    }
    const rendered = formatMergeValue(byKey.get(mergeKey(field.name)), field.kind);
    if (options.measureLongest && fallback !== undefined) return options.measureLongest(rendered, fallback);
    return rendered === '' ? (fallback ?? '') : rendered;
  });
  return { text, unknownVariables: [...unknown] };
}
