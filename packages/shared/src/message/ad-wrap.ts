import type { MessageType } from './types.js';

/**
 * The advertising wrap (KOREAN-MESSAGING-RULES §2), applied once by the builder to the pure body.
 * Every function here is idempotent: an existing `(광고)` prefix or opt-out footer is normalised,
 * never doubled, so "(광고) (광고)" cannot appear whatever the input.
 */
export const AD_MARKER = '(광고)';

const AD_PREFIX = /^\s*\(\s*광고\s*\)[ \t\u3000]*/;
/** An opt-out line in any of the usual spellings; group 1 = the number as written. */
const FOOTER_LINE = /^[ \t]*무료\s*(?:수신)?\s*거부\s*:?\s*(080[-. ]?\d{3,4}[-. ]?\d{4})[ \t]*$/;

/** `080-719-6700`, `0807196700`, `080 719 6700` → `0807196700`; anything else → null. */
export function normalize080(value: string | null | undefined): string | null {
  const digits = (value ?? '').replace(/[-.\s]/g, '');
  return /^080\d{7}$/.test(digits) ? digits : null;
}

export function hyphenate080(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

export function adPrefix(type: MessageType): string {
  return type === 'SMS' ? AD_MARKER : `${AD_MARKER} `;
}

/** SMS `무료거부0807196700`; LMS/MMS `무료수신거부 080-719-6700`. */
export function optOutFooter(type: MessageType, digits080: string): string {
  return type === 'SMS' ? `무료거부${digits080}` : `무료수신거부 ${hyphenate080(digits080)}`;
}

export function startsWithAdMarker(text: string): boolean {
  return AD_PREFIX.test(text);
}

export function stripAdPrefix(text: string): string {
  return text.replace(AD_PREFIX, '');
}

export interface SplitFooter {
  body: string;
  /** The footer line found at the end (last non-blank line), or null. */
  footer: string | null;
  footer080: string | null;
}

/** Separates an opt-out line already at the end of a body (stored wrapped text, user-typed). */
export function splitOptOutFooter(text: string): SplitFooter {
  const trimmed = text.replace(/\s+$/, '');
  const lineStart = trimmed.lastIndexOf('\n') + 1;
  const m = lineStart > 0 ? FOOTER_LINE.exec(trimmed.slice(lineStart)) : null;
  if (!m) return { body: text, footer: null, footer080: null };
  return { body: trimmed.slice(0, lineStart), footer: m[0].trim(), footer080: normalize080(m[1]) };
}

/** `(광고)` + body for SMS, `(광고) ` + body for LMS/MMS; an existing marker is normalised. */
export function wrapAdBody(type: MessageType, body: string): string {
  return adPrefix(type) + stripAdPrefix(body);
}

/** LMS/MMS subject: `(광고) ` + subject, or `(광고)` alone when the subject is empty. */
export function wrapAdSubject(subject: string): string {
  const rest = stripAdPrefix(subject).trim();
  return rest === '' ? AD_MARKER : `${AD_MARKER} ${rest}`;
}

/**
 * Appends the footer on its own line (a body already ending in a line break gets no extra one).
 * The body must not contain a footer any more (see `splitOptOutFooter`).
 */
export function appendFooter(body: string, footer: string): string {
  const trimmed = body.replace(/[ \t]+$/, '');
  return trimmed.endsWith('\n') ? trimmed + footer : `${trimmed}\n${footer}`;
}
