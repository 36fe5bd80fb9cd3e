import {
  appendFooter,
  normalize080,
  optOutFooter,
  splitOptOutFooter,
  startsWithAdMarker,
  stripAdPrefix,
  wrapAdBody,
  wrapAdSubject,
} from './ad-wrap.js';
import { analyzeText, normalizeLineEndings } from './analyze-text.js';
import { messageIssues, messageWarnings } from './issues.js';
import { checkImages, type MessageImage, type SlottedImage } from './images.js';
import { findMergeField, findVariableTokens, formatMergeValue, mergeKey, parseVariables, renderMerge } from './merge.js';
import {
  BODY_BYTE_LIMITS,
  SUBJECT_BYTE_LIMIT,
  type MergeField,
  type MergeValues,
  type MessageError,
  type MessageType,
  type MessageWarning,
} from './types.js';

export interface BuildMessageBase {
  type: MessageType;
  subject?: string | null;
  /** The pure body as stored (no ad prefix, no footer; a stray one is normalised, never doubled). */
  body: string;
  isAd: boolean;
  /** The company's 080 opt-out number (digits or hyphenated); required when `isAd`. */
  optOut080?: string | null;
  /** MMS images in slot order (`file_name1..3`). */
  images?: readonly MessageImage[];
  /** The company's merge variables (standard + custom); anything else in the body is an error. */
  catalog: readonly MergeField[];
}

/**
 * `values`: one recipient — the exact text that recipient gets (test send, real send, preview).
 * `longestValues`: the longest real value per variable among the recipients — the size check.
 * Neither: the text with its `%변수%` tokens as typed (live counter before a target exists).
 */
export type BuildMessageInput = BuildMessageBase &
  ({ values?: MergeValues; longestValues?: never } | { values?: never; longestValues: MergeValues });

export interface BuildResult {
  ok: boolean;
  type: MessageType;
  /** Final subject ('' for SMS). */
  subject: string;
  subjectBytes: number;
  /** Final text: ad prefix + merged body + footer, line endings `\n` — exactly what is sent. */
  body: string;
  bytes: number;
  limit: number;
  images: SlottedImage[];
  /** Variable names used in the body, in order of first use. */
  variables: string[];
  errors: MessageError[];
  warnings: MessageWarning[];
  /** SMS too long → 'LMS'; an LMS that fits in an SMS → 'SMS' (cheaper). */
  suggestion?: 'LMS' | 'SMS';
}

/** Ad prefix + body + footer for one type. `digits080` null = leave any existing footer as is. */
function assembleBody(type: MessageType, body: string, isAd: boolean, digits080: string | null): string {
  if (!isAd) return body;
  const split = splitOptOutFooter(body);
  const core = wrapAdBody(type, split.body);
  const footer = digits080 !== null ? optOutFooter(type, digits080) : split.footer;
  return footer === null ? core : appendFooter(core, footer);
}

function assembleSubject(type: MessageType, subject: string | null | undefined, isAd: boolean): string {
  if (type === 'SMS') return '';
  const text = normalizeLineEndings(subject ?? '').trim();
  return isAd ? wrapAdSubject(text) : text;
}

function checkSubject(input: BuildMessageInput, errors: MessageError[], warnings: MessageWarning[]) {
  const raw = normalizeLineEndings(input.subject ?? '').trim();
  if (input.type === 'SMS') {
    if (raw !== '') warnings.push(messageWarnings.subjectIgnored());
    return { subject: '', subjectBytes: 0 };
  }
  const names = parseVariables(raw);
  if (names.length > 0) errors.push(messageIssues.subjectHasVariables(names));
  const subject = assembleSubject(input.type, raw, input.isAd);
  const analysis = analyzeText(subject);
  if (subject === '') errors.push(messageIssues.subjectRequired(input.type));
  if (analysis.unencodable.length > 0) errors.push(messageIssues.unencodable('subject', analysis.unencodable));
  if (analysis.extendedHangul.length > 0) warnings.push(messageWarnings.extendedHangul('subject', analysis.extendedHangul));
  if (analysis.bytes > SUBJECT_BYTE_LIMIT) errors.push(messageIssues.subjectTooLong(analysis.bytes, SUBJECT_BYTE_LIMIT));
  return { subject, subjectBytes: analysis.bytes };
}

function mergeBody(input: BuildMessageInput, body: string, errors: MessageError[], warnings: MessageWarning[]) {
  const variables = parseVariables(body);
  if (input.longestValues) {
    const longer = (a: string, b: string) => (analyzeText(b).bytes > analyzeText(a).bytes ? b : a);
    const merged = renderMerge(body, input.longestValues, input.catalog, { measureLongest: longer });
    if (merged.unknownVariables.length > 0) errors.push(messageIssues.unknownVariable(merged.unknownVariables));
    return { variables, text: merged.text };
  }
  if (input.values) {
    const merged = renderMerge(body, input.values, input.catalog);
    if (merged.unknownVariables.length > 0) errors.push(messageIssues.unknownVariable(merged.unknownVariables));
    return { variables, text: merged.text };
  }
  const unknown = variables.filter((name) => !findMergeField(input.catalog, name));
  if (unknown.length > 0) errors.push(messageIssues.unknownVariable(unknown));
  if (variables.length > unknown.length) warnings.push(messageWarnings.variablesNotApplied(variables));
  return { variables, text: body };
}

/** 080 digits for an ad, or an `ad_requires_080` error; null for non-ads. */
function resolve080(input: BuildMessageInput, errors: MessageError[]): string | null {
  if (!input.isAd) return null;
  const given = input.optOut080?.trim() || null;
  const digits = normalize080(given);
  if (digits === null) errors.push(messageIssues.adRequires080(given));
  return digits;
}

function checkFooterNumber(body: string, digits080: string | null, warnings: MessageWarning[]) {
  const written = splitOptOutFooter(body).footer080;
  if (digits080 !== null && written !== null && written !== digits080) {
    warnings.push(messageWarnings.optOutNumberReplaced(written, digits080));
  }
}

/**
 * THE message builder: every path (preview, test send, spam test, real send, live counters) calls
 * this, so what a marketer sees is byte for byte what is sent. Never throws for user input; `ok`
 * is false when `errors` is non-empty.
 */
export function buildMessage(input: BuildMessageInput): BuildResult {
  const errors: MessageError[] = [];
  const warnings: MessageWarning[] = [];
  const images = checkImages(input.type, input.images ?? [], errors);
  const { subject, subjectBytes } = checkSubject(input, errors, warnings);

  const pure = normalizeLineEndings(input.body);
  if (stripAdPrefix(splitOptOutFooter(pure).body).trim() === '') errors.push(messageIssues.emptyBody());
  if (!input.isAd && startsWithAdMarker(pure)) warnings.push(messageWarnings.adMarkerWithoutAd());

  const digits080 = resolve080(input, errors);
  checkFooterNumber(pure, digits080, warnings);
  const { variables, text } = mergeBody(input, pure, errors, warnings);
  const body = normalizeLineEndings(assembleBody(input.type, text, input.isAd, digits080));
  const analysis = analyzeText(body);
  if (analysis.unencodable.length > 0) errors.push(messageIssues.unencodable('body', analysis.unencodable));
  if (analysis.extendedHangul.length > 0) warnings.push(messageWarnings.extendedHangul('body', analysis.extendedHangul));

  const limit = BODY_BYTE_LIMITS[input.type];
  const suggestion = checkSize(input, text, digits080, analysis.bytes, errors, warnings);
  const result: BuildResult = { ok: errors.length === 0, type: input.type, subject, subjectBytes, body, bytes: analysis.bytes, limit, images, variables, errors, warnings };
  return suggestion ? { ...result, suggestion } : result;
}

function checkSize(
  input: BuildMessageInput,
  merged: string,
  digits080: string | null,
  bytes: number,
  errors: MessageError[],
  warnings: MessageWarning[],
): 'LMS' | 'SMS' | undefined {
  const limit = BODY_BYTE_LIMITS[input.type];
  if (bytes > limit) {
    errors.push(messageIssues.tooLong(input.type, bytes, limit));
    if (input.type !== 'SMS') return undefined;
    const lmsBytes = analyzeText(assembleBody('LMS', merged, input.isAd, digits080)).bytes;
    return lmsBytes <= BODY_BYTE_LIMITS.LMS ? 'LMS' : undefined;
  }
  if (input.type !== 'LMS') return undefined;
  const smsBytes = analyzeText(assembleBody('SMS', merged, input.isAd, digits080)).bytes;
  if (smsBytes > BODY_BYTE_LIMITS.SMS) return undefined;
  warnings.push(messageWarnings.fitsSms(smsBytes));
  return 'SMS';
}

interface MergeSlot {
  /** The token as written: kept verbatim when its name is not in the catalog. */
  token: string;
  name: string;
  field: MergeField | undefined;
  key: string;
  fallback: string | null;
}

/**
 * `buildMessage` for many recipients of one message (a send renders every recipient): whatever does
 * not depend on a recipient's values — images, subject, 080 number, the body's split around its
 * tokens and their catalog fields — is worked out once. Each call returns exactly what
 * `buildMessage({ ...input, values })` returns (a property test holds the two equal).
 */
export function compileMessage(input: BuildMessageBase): (values: MergeValues) => BuildResult {
  const fixedErrors: MessageError[] = [];
  const fixedWarnings: MessageWarning[] = [];
  const images = checkImages(input.type, input.images ?? [], fixedErrors);
  const { subject, subjectBytes } = checkSubject(input, fixedErrors, fixedWarnings);
  const pure = normalizeLineEndings(input.body);
  if (stripAdPrefix(splitOptOutFooter(pure).body).trim() === '') fixedErrors.push(messageIssues.emptyBody());
  if (!input.isAd && startsWithAdMarker(pure)) fixedWarnings.push(messageWarnings.adMarkerWithoutAd());
  const digits080 = resolve080(input, fixedErrors);
  checkFooterNumber(pure, digits080, fixedWarnings);

  const variables = parseVariables(pure);
  const literals: string[] = [];
  const slots: MergeSlot[] = [];
  let at = 0;
  for (const t of findVariableTokens(pure)) {
    literals.push(pure.slice(at, t.offset));
    const field = findMergeField(input.catalog, t.name);
    slots.push({ token: t.token, name: t.name, field, key: field ? mergeKey(field.name) : '', fallback: t.fallback });
    at = t.offset + t.token.length;
  }
  literals.push(pure.slice(at));
  const unknown = [...new Set(slots.filter((s) => !s.field).map((s) => s.name))];
  if (unknown.length > 0) fixedErrors.push(messageIssues.unknownVariable(unknown));
  const limit = BODY_BYTE_LIMITS[input.type];

  return (values) => {
    const byKey = new Map(Object.entries(values).map(([k, v]) => [mergeKey(k), v] as const));
    let text = literals[0] ?? '';
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[i]!;
      if (slot.field) {
        const rendered = formatMergeValue(byKey.get(slot.key), slot.field.kind);
        text += rendered === '' ? (slot.fallback ?? '') : rendered;
      } else {
        text += slot.token;
      }
      text += literals[i + 1] ?? '';
    }
    const errors = [...fixedErrors];
    const warnings = [...fixedWarnings];
    const body = normalizeLineEndings(assembleBody(input.type, text, input.isAd, digits080));
    const analysis = analyzeText(body);
    if (analysis.unencodable.length > 0) errors.push(messageIssues.unencodable('body', analysis.unencodable));
    if (analysis.extendedHangul.length > 0) warnings.push(messageWarnings.extendedHangul('body', analysis.extendedHangul));
    const suggestion = checkSize(input, text, digits080, analysis.bytes, errors, warnings);
    const result: BuildResult = {
      ok: errors.length === 0, type: input.type, subject, subjectBytes, body, bytes: analysis.bytes, limit,
      images: images.map((i) => ({ ...i })), variables: [...variables], errors, warnings,
    };
    return suggestion ? { ...result, suggestion } : result;
  };
}

export interface StoredMessage {
  type: MessageType;
  subject?: string | null;
  body: string;
  isAd: boolean;
  /** When given, the footer is (re)written with it; when absent an existing footer is kept. */
  optOut080?: string | null;
}

/**
 * Display of stored or sent messages through the same wrap as `buildMessage`: idempotent, so a
 * pure body and an already wrapped text both come out wrapped exactly once. No merge.
 */
export function formatStoredMessage(message: StoredMessage): { subject: string; body: string; bytes: number } {
  const body = normalizeLineEndings(
    assembleBody(message.type, normalizeLineEndings(message.body), message.isAd, normalize080(message.optOut080)),
  );
  return { subject: assembleSubject(message.type, message.subject, message.isAd), body, bytes: analyzeText(body).bytes };
}
