/**
 * The one owner of Korean phone-number rules (KOREAN-MESSAGING-RULES §5). Two validators, never
 * one: recipients must be mobiles; callback (sender) numbers may also be landlines, 070, 050x safe
 * numbers and 8-digit representative numbers. Both return digits only (what QTmsg's `dest_no` /
 * `call_back` and our tables store) or null when the input is not a valid number of that kind.
 */

export type PhoneInput = string | number | null | undefined;

// Separators people and spreadsheets put in numbers: whitespace (incl. NBSP/ideographic space),
// ASCII and Unicode hyphens/dashes, dots, slashes and parentheses. Anything else (letters, `#`,
// extensions) makes the input invalid rather than being silently dropped.
const SEPARATORS = /[\s\u00a0\u3000\-\u2010-\u2015\u2212\u30fc\uff0d.()/]/g;
const MAX_DIGITS = 15;

const MOBILE = /^(?:010\d{8}|01[16789]\d{7,8})$/;
const SEOUL = /^02\d{7,8}$/;
// Real area codes only: 031–033 (경기/인천/강원), 041–044 (충청/세종), 051–055 (부산/울산/대구/경북/경남),
// 061–064 (전남/광주/전북/제주). Numbers like 034 or 039 do not exist.
const AREA = /^0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])\d{7,8}$/;
const INTERNET = /^070\d{8}$/;
// 안심번호 (personal safe numbers) 0502–0508 + 7–8 digits.
const SAFE = /^050[2-8]\d{7,8}$/;
// 대표번호 1588-xxxx, 1644-xxxx, 1800-xxxx …: exactly 8 digits, no area code.
const REPRESENTATIVE = /^1[568]\d{6}$/;

/**
 * Digits of the input with the country code turned into the trunk `0`, or null when it holds
 * anything but digits and separators. `+82 10-…`, `82-10-…`, `+82 (0)10-…` → `010…`.
 */
function toDigits(input: PhoneInput): string | null {
  if (input === null || input === undefined) return null;
  // Excel hands numeric cells over as numbers (and drops the leading 0: 1012345678)
  const raw = typeof input === 'number' ? (Number.isSafeInteger(input) && input > 0 ? String(input) : '') : input;
  const trimmed = raw.replace(SEPARATORS, '');
  const international = trimmed.startsWith('+');
  const digits = international ? trimmed.slice(1) : trimmed;
  if (!/^\d+$/.test(digits) || digits.length > MAX_DIGITS) return null;
  if (international && !digits.startsWith('82')) return null; // a foreign number
  // No Korean number starts with 82 (there is no 082 area code), so a leading 82 is the country code.
  if (international || (digits.startsWith('82') && digits.length >= 10)) {
    const national = digits.slice(2);
    return national.startsWith('0') ? national : `0${national}`;
  }
  return digits;
}

/** Checks the digits as they are, then with a leading 0 that a spreadsheet may have dropped. */
function firstValid(digits: string | null, isValid: (d: string) => boolean): string | null {
  if (digits === null) return null;
  if (isValid(digits)) return digits;
  if (!digits.startsWith('0') && isValid(`0${digits}`)) return `0${digits}`;
  return null;
}

export function isMobileDigits(digits: string): boolean {
  return MOBILE.test(digits);
}

export function isCallbackDigits(digits: string): boolean {
  return (
    MOBILE.test(digits) ||
    SEOUL.test(digits) ||
    AREA.test(digits) ||
    INTERNET.test(digits) ||
    SAFE.test(digits) ||
    REPRESENTATIVE.test(digits)
  );
}

/** A recipient's mobile number as digits (`01012345678`), or null when it is not a Korean mobile. */
export function normalizeMobile(input: PhoneInput): string | null {
  return firstValid(toDigits(input), isMobileDigits);
}

/** A callback (sender) number as digits, or null: mobile, landline, 070, 050x safe or 15xx/16xx/18xx. */
export function normalizeCallbackNumber(input: PhoneInput): string | null {
  return firstValid(toDigits(input), isCallbackDigits);
}

/** Length of the leading group: 02, 050x and the 3-digit prefixes (010, 031, 070 …). */
function prefixLength(digits: string): number {
  if (digits.startsWith('02')) return 2;
  if (SAFE.test(digits)) return 4;
  return 3;
}

/**
 * Hyphenated display form: 010-1234-5678, 02-123-4567, 031-1234-5678, 0505-123-4567, 1588-1234.
 * Input that is not a known shape comes back as its digits (or unchanged when it has none).
 */
export function formatPhone(input: PhoneInput): string {
  const digits = toDigits(input);
  if (digits === null || digits === '') return input === null || input === undefined ? '' : String(input);
  if (REPRESENTATIVE.test(digits)) return `${digits.slice(0, 4)}-${digits.slice(4)}`;
  if (!digits.startsWith('0') || digits.length < 9 || digits.length > 12) return digits;
  const head = prefixLength(digits);
  const rest = digits.slice(head);
  const middle = rest.length - 4;
  if (middle < 3 || middle > 4) return digits;
  return `${digits.slice(0, head)}-${rest.slice(0, middle)}-${rest.slice(middle)}`;
}

/** `01012345678` → `010-****-5678` (for messages that must not show the whole number). */
export function maskPhone(input: PhoneInput): string {
  const formatted = formatPhone(input);
  const parts = formatted.split('-');
  if (parts.length !== 3) return formatted.length > 4 ? `${'*'.repeat(formatted.length - 4)}${formatted.slice(-4)}` : formatted;
  return `${parts[0]}-${'*'.repeat(parts[1]?.length ?? 0)}-${parts[2]}`;
}

/** Minimum digits for a search to be treated as a phone search (the last 4 digits). */
export const PHONE_SEARCH_MIN_DIGITS = 4;

/**
 * The digits to search stored phones with, when the query is a phone query (digits and separators
 * only, at least 4 digits): `010-1234` → `0101234`, ` 5678 ` → `5678`, `+82 10 1234` → `0101234`.
 * Null for anything else (a name, too few digits). Stored phones are digits, so callers match with
 * "contains" — which for exactly 4 digits is the usual last-4 search ({@link matchesPhoneQuery}).
 */
export function phoneSearchDigits(query: string): string | null {
  const digits = toDigits(query.trim());
  if (digits === null || digits.length < PHONE_SEARCH_MIN_DIGITS) return null;
  return digits;
}

/**
 * Reference semantics of a phone search for in-memory filtering (SQL does the same): 4 digits match
 * the end of the number, longer queries anywhere in it.
 */
export function matchesPhoneQuery(storedDigits: string, query: string): boolean {
  const digits = phoneSearchDigits(query);
  if (digits === null) return false;
  return digits.length === PHONE_SEARCH_MIN_DIGITS ? storedDigits.endsWith(digits) : storedDigits.includes(digits);
}
