import { z } from 'zod';

// Local until the auth API lands; then these move to @hanjullo/shared and both sides import them.
export const LoginSurface = z.enum(['service', 'super-admin', 'company-admin']);
export type LoginSurface = z.infer<typeof LoginSurface>;

export const LoginBody = z.object({
  loginId: z.string().trim().min(1, '아이디를 입력해 주세요.'),
  password: z.string().min(1, '비밀번호를 입력해 주세요.').max(72, '비밀번호는 72자 이하입니다.'),
  surface: LoginSurface,
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionUser = z.object({ name: z.string() });
export type SessionUser = z.infer<typeof SessionUser>;

export const AuthenticatedResponse = z.object({ token: z.string().min(1), user: SessionUser });
export type AuthenticatedResponse = z.infer<typeof AuthenticatedResponse>;

export const TwoFactorChallenge = z.object({ twoFactorRequired: z.literal(true), challengeId: z.string().min(1) });
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallenge>;

export const LoginResponse = z.union([TwoFactorChallenge, AuthenticatedResponse]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const VerifyTwoFactorBody = z.object({
  challengeId: z.string().min(1),
  code: z.string().trim().regex(/^\d{6}$/, '인증번호 6자리 숫자를 입력해 주세요.'),
});
export type VerifyTwoFactorBody = z.infer<typeof VerifyTwoFactorBody>;
