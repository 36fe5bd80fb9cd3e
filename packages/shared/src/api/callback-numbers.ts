import { z } from 'zod';
import { normalizeCallbackNumber } from '../phone.js';

/**
 * Callback (sender, 회신) numbers registered to a company (KOREAN-MESSAGING-RULES §4): only these may
 * be used as `call_back`. Stored as digits; one may be the company's default. Users may be
 * restricted to assigned numbers.
 */

/** Any common notation (hyphens, spaces, +82) → digits, validated with the callback validator. */
export const CallbackNumberInput = z
  .string({ error: '회신번호를 입력해 주세요.' })
  .max(30, { error: '회신번호가 너무 깁니다.' })
  .transform((v, ctx) => {
    const digits = normalizeCallbackNumber(v);
    if (digits === null) {
      ctx.addIssue({
        code: 'custom',
        message: '회신번호 형식이 올바르지 않습니다. 휴대폰, 지역번호(02, 031 등), 070, 050X 안심번호, 15XX/16XX/18XX 대표번호만 등록할 수 있습니다.',
      });
      return z.NEVER;
    }
    return digits;
  });

const Label = z
  .union([z.string({ error: '메모는 문자열이어야 합니다.' }).trim().max(50, { error: '메모는 50자 이하로 입력해 주세요.' }), z.null()])
  .transform((v) => (v ? v : null));

export const CreateCallbackNumberBody = z.object({
  number: CallbackNumberInput,
  label: Label.optional(),
  /** Make it the company's default (the first number always becomes the default). */
  isDefault: z.boolean({ error: '기본 번호 여부는 true/false여야 합니다.' }).default(false),
});
export type CreateCallbackNumberBody = z.infer<typeof CreateCallbackNumberBody>;

export const UpdateCallbackNumberBody = z
  .object({
    number: CallbackNumberInput.optional(),
    label: Label.optional(),
  })
  .refine((b) => b.number !== undefined || b.label !== undefined, { error: '변경할 항목을 하나 이상 보내 주세요.' });
export type UpdateCallbackNumberBody = z.infer<typeof UpdateCallbackNumberBody>;

export const CallbackNumber = z.object({
  id: z.string(),
  companyId: z.string(),
  /** Digits only, as written to QTmsg `call_back`. */
  number: z.string(),
  /** Display form, e.g. 02-1234-5678. */
  formatted: z.string(),
  label: z.string().nullable(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CallbackNumber = z.infer<typeof CallbackNumber>;

export const CallbackNumberList = z.object({
  callbackNumbers: z.array(CallbackNumber),
  /** Whether company admins may register and change numbers themselves. */
  selfRegisterAllowed: z.boolean(),
});
export type CallbackNumberList = z.infer<typeof CallbackNumberList>;

/** What a marketer may send with: their assigned numbers, or all of the company's when unrestricted. */
export const UsableCallbackNumberList = z.object({
  callbackNumbers: z.array(CallbackNumber),
  restricted: z.boolean(),
});
export type UsableCallbackNumberList = z.infer<typeof UsableCallbackNumberList>;

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

/** Empty = the user may use every number of the company. */
export const SetUserCallbackNumbersBody = z.object({
  callbackNumberIds: z
    .array(Uuid, { error: '회신번호 ID 목록은 배열이어야 합니다.' })
    .max(500, { error: '회신번호는 500개까지 지정할 수 있습니다.' })
    .transform((ids) => [...new Set(ids)]),
});
export type SetUserCallbackNumbersBody = z.infer<typeof SetUserCallbackNumbersBody>;

export const UserCallbackNumbers = z.object({
  userId: z.string(),
  /** True when the user is limited to `callbackNumbers`; false = every number of the company. */
  restricted: z.boolean(),
  callbackNumbers: z.array(CallbackNumber),
});
export type UserCallbackNumbers = z.infer<typeof UserCallbackNumbers>;

export const CompanyCallbackNumberParams = z.object({ companyId: Uuid, id: Uuid });
export type CompanyCallbackNumberParams = z.infer<typeof CompanyCallbackNumberParams>;

export const CallbackNumberIdParams = z.object({ id: Uuid });
export type CallbackNumberIdParams = z.infer<typeof CallbackNumberIdParams>;
