import { z } from 'zod';

export const Surface = z.enum(['service', 'company-admin', 'super-admin']);
export type Surface = z.infer<typeof Surface>;

export const Role = z.enum(['super_admin', 'company_admin', 'company_user']);
export type Role = z.infer<typeof Role>;

export const PASSWORD_RULE = { min: 8, max: 72 } as const;

export const NewPassword = z
  .string()
  .min(PASSWORD_RULE.min, `비밀번호는 ${PASSWORD_RULE.min}자 이상이어야 합니다.`)
  .max(PASSWORD_RULE.max, `비밀번호는 ${PASSWORD_RULE.max}자 이하여야 합니다.`)
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), '비밀번호에는 영문과 숫자가 모두 들어가야 합니다.')
  // bcrypt reads at most 72 bytes; Hangul takes 3 bytes in UTF-8
  .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_RULE.max, `비밀번호가 너무 깁니다. (최대 ${PASSWORD_RULE.max}바이트)`);

export const LoginBody = z.object({
  loginId: z.string().trim().min(1, '아이디를 입력해 주세요.').max(40),
  password: z.string().min(1, '비밀번호를 입력해 주세요.').max(200),
  surface: Surface,
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionUser = z.object({
  id: z.uuid(),
  loginId: z.string(),
  name: z.string(),
  role: Role,
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  storeCodes: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionResponse = z.object({
  token: z.string(),
  user: SessionUser,
  sessionTimeoutMinutes: z.number().int(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const TwoFactorChallengeResponse = z.object({
  twoFactorRequired: z.literal(true),
  challengeId: z.uuid(),
  /** Masked destination, e.g. 010-****-0001 */
  sentTo: z.string(),
  expiresInSeconds: z.number().int(),
});
export type TwoFactorChallengeResponse = z.infer<typeof TwoFactorChallengeResponse>;

export const LoginResponse = z.union([SessionResponse, TwoFactorChallengeResponse]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const TwoFactorVerifyBody = z.object({
  challengeId: z.uuid('인증 요청이 올바르지 않습니다.'),
  code: z.string().regex(/^\d{6}$/, '인증번호 6자리를 입력해 주세요.'),
});
export type TwoFactorVerifyBody = z.infer<typeof TwoFactorVerifyBody>;

export const MeResponse = z.object({
  user: SessionUser,
  surface: Surface,
  sessionTimeoutMinutes: z.number().int(),
  /** When the session ends if idle from now on (ISO instant). */
  idleExpiresAt: z.string(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const ExtendSessionResponse = z.object({ idleExpiresAt: z.string() });
export type ExtendSessionResponse = z.infer<typeof ExtendSessionResponse>;

export const ChangePasswordBody = z.object({
  oldPassword: z.string().min(1, '현재 비밀번호를 입력해 주세요.').max(200),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
