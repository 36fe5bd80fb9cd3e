import { z } from 'zod';
import { PageParam, pageSizeParam } from './paging.js';
import { NewPassword } from './auth.js';
import { normalizeMobile } from '../phone.js';

/**
 * Company users (marketers and company admins). Super admins manage any company's users; company
 * admins manage their own company's `user`-type users only. Phones are stored as digits.
 */
export const LOGIN_ID_PATTERN = /^[a-zA-Z0-9._-]{3,40}$/;

export const UserType = z.enum(['admin', 'user'], { error: '사용자 유형은 admin 또는 user여야 합니다.' });
export type UserType = z.infer<typeof UserType>;

export const UserStatus = z.enum(['active', 'locked', 'dormant'], { error: '상태는 active, locked, dormant 중 하나여야 합니다.' });
export type UserStatus = z.infer<typeof UserStatus>;

export const LoginId = z
  .string({ error: '아이디를 입력해 주세요.' })
  .trim()
  .regex(LOGIN_ID_PATTERN, { error: '아이디는 영문, 숫자, 마침표(.), 밑줄(_), 하이픈(-)으로 3–40자여야 합니다.' })
  // soft-deleted users are renamed to `deleted-<id>` to free their login id
  .refine((id) => !id.toLowerCase().startsWith('deleted-'), { error: "'deleted-'로 시작하는 아이디는 사용할 수 없습니다." });

const UserName = z
  .string({ error: '이름을 입력해 주세요.' })
  .trim()
  .min(1, { error: '이름을 입력해 주세요.' })
  .max(50, { error: '이름은 50자 이하로 입력해 주세요.' });

/** Empty string and null both clear the field. */
const OptionalEmail = z
  .union([z.literal(''), z.email({ error: '이메일 형식이 올바르지 않습니다.' }).max(200, { error: '이메일이 너무 깁니다.' })])
  .nullable()
  .transform((v) => (v ? v : null));

/** A mobile number in any common notation → digits; empty string and null clear it. */
export const OptionalMobile = z
  .union([z.string({ error: '휴대폰 번호는 문자열이어야 합니다.' }).max(30, { error: '휴대폰 번호가 너무 깁니다.' }), z.null()])
  .transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const digits = normalizeMobile(v);
    if (digits === null) {
      ctx.addIssue({ code: 'custom', message: '휴대폰 번호 형식이 올바르지 않습니다. (예: 010-1234-5678)' });
      return z.NEVER;
    }
    return digits;
  });

const StoreCodes = z
  .array(z.string({ error: '매장 코드는 문자열이어야 합니다.' }).trim().min(1, { error: '빈 매장 코드가 있습니다.' }).max(50), {
    error: '매장 코드 목록은 배열이어야 합니다.',
  })
  .max(500, { error: '매장 코드는 500개까지 지정할 수 있습니다.' })
  .transform((codes) => [...new Set(codes)]);

export const CreateUserBody = z.object({
  loginId: LoginId,
  name: UserName,
  email: OptionalEmail.optional(),
  phone: OptionalMobile.optional(),
  /** Company admins may only create `user`; super admins either. */
  userType: UserType.default('user'),
  status: UserStatus.default('active'),
  /** Stores (brands) the user is limited to; empty = every store. A subset of the company's codes. */
  storeCodes: StoreCodes.default([]),
  /** Omitted → a temporary password is generated and returned once. */
  password: NewPassword.optional(),
  /** Whether the user must change the password at first sign-in (always true for a generated one). */
  mustChangePassword: z.boolean({ error: '비밀번호 변경 필요 여부는 true/false여야 합니다.' }).default(true),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/** Partial update: only the fields sent change; at least one is required. */
export const UpdateUserBody = z
  .object({
    name: UserName.optional(),
    email: OptionalEmail.optional(),
    phone: OptionalMobile.optional(),
    userType: UserType.optional(),
    status: UserStatus.optional(),
    storeCodes: StoreCodes.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: '변경할 항목을 하나 이상 보내 주세요.' });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const User = z.object({
  id: z.string(),
  companyId: z.string(),
  loginId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  /** Digits only (`01012345678`). */
  phone: z.string().nullable(),
  userType: UserType,
  status: UserStatus,
  storeCodes: z.array(z.string()),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof User>;

export const CreateUserResponse = z.object({
  user: User,
  /** Only when the password was generated: shown this once, never retrievable again. */
  temporaryPassword: z.string().nullable(),
});
export type CreateUserResponse = z.infer<typeof CreateUserResponse>;

export const ListUsersQuery = z.object({
  /** Part of the name or login id. */
  q: z.string().trim().max(100, { error: '검색어는 100자 이하로 입력해 주세요.' }).optional(),
  status: UserStatus.optional(),
  userType: UserType.optional(),
  page: PageParam,
  pageSize: pageSizeParam(100, 20),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const UserList = z.object({
  users: z.array(User),
  /** Matching users (for paging). */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The company's limit and its current count of users (every type and status, deleted excluded). */
  maxUsers: z.number().int(),
  userCount: z.number().int(),
});
export type UserList = z.infer<typeof UserList>;

export const ResetPasswordBody = z
  .object({
    /** Send the temporary password by SMS (auth line) when the user has a phone. Default true. */
    sendSms: z.boolean({ error: 'SMS 발송 여부는 true/false여야 합니다.' }).default(true),
  })
  .default({ sendSms: true });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const ResetPasswordResponse = z.object({
  /** Shown this once; stored only as a bcrypt hash. */
  temporaryPassword: z.string(),
  mustChangePassword: z.literal(true),
  /** Whether the SMS was queued on the auth line, and to which (masked) number. */
  smsSent: z.boolean(),
  smsTo: z.string().nullable(),
  /** Why it was not sent (no phone, not requested, auth line unavailable). */
  smsError: z.string().nullable(),
  /** Sessions of the user that were ended. */
  revokedSessions: z.number().int(),
});
export type ResetPasswordResponse = z.infer<typeof ResetPasswordResponse>;

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

export const CompanyUsersParams = z.object({ companyId: Uuid });
export type CompanyUsersParams = z.infer<typeof CompanyUsersParams>;

export const CompanyUserParams = z.object({ companyId: Uuid, userId: Uuid });
export type CompanyUserParams = z.infer<typeof CompanyUserParams>;

export const OwnCompanyUserParams = z.object({ userId: Uuid });
export type OwnCompanyUserParams = z.infer<typeof OwnCompanyUserParams>;
