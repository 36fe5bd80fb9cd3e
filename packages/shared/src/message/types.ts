export const MESSAGE_TYPES = ['SMS', 'LMS', 'MMS'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Body limits in CP949 bytes (KOREAN-MESSAGING-RULES §1). */
export const BODY_BYTE_LIMITS: Record<MessageType, number> = { SMS: 90, LMS: 2000, MMS: 2000 };
export const SUBJECT_BYTE_LIMIT = 40;
export const MMS_MAX_IMAGES = 3;
/** Same limit the agent (and our simulator) enforces with code 9005. */
export const MMS_MAX_IMAGE_BYTES = 300 * 1024;

/** Stable codes of builder errors; the SPAs switch on them, `message` is Korean for people. */
export const MESSAGE_ERROR_CODES = [
  'empty_body',
  'too_long',
  'subject_required',
  'subject_too_long',
  'subject_has_variables',
  'unknown_variable',
  'unencodable_chars',
  'ad_requires_080',
  'mms_image_required',
  'mms_too_many_images',
  'mms_image_type',
  'mms_image_too_large',
  'images_not_allowed',
] as const;
export type MessageErrorCode = (typeof MESSAGE_ERROR_CODES)[number];

export const MESSAGE_WARNING_CODES = [
  'extended_hangul',
  'fits_sms',
  'variables_not_applied',
  'subject_ignored',
  'ad_marker_without_ad',
  'opt_out_number_replaced',
] as const;
export type MessageWarningCode = (typeof MESSAGE_WARNING_CODES)[number];

export interface MessageIssue<C extends string> {
  code: C;
  message: string;
  details?: Record<string, unknown>;
}
export type MessageError = MessageIssue<MessageErrorCode>;
export type MessageWarning = MessageIssue<MessageWarningCode>;

export type MergeFieldKind = 'text' | 'number' | 'date' | 'phone';

/** One merge variable a company can use: `%name%` in a body. */
export interface MergeField {
  /** Korean label as written between the percent signs, e.g. '이름'. */
  name: string;
  kind: MergeFieldKind;
}

export type MergeValue = string | number | null | undefined;
export type MergeValues = Readonly<Record<string, MergeValue>>;
