import { z } from 'zod';

// Local until the auth API lands; then these move to @hanjullo/shared and both sides import them.
export const LoginBody = z.object({
  loginId: z.string().trim().min(1, '아이디를 입력해 주세요.'),
  password: z.string().min(1, '비밀번호를 입력해 주세요.').max(72, '비밀번호는 72자 이하입니다.'),
  surface: z.literal('company-admin'),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionUser = z.object({ name: z.string() });
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginResponse = z.object({ token: z.string().min(1), user: SessionUser });
export type LoginResponse = z.infer<typeof LoginResponse>;
