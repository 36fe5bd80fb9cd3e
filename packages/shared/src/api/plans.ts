import { z } from 'zod';

/**
 * Plans (요금제): code, name, customer cap, monthly price (string, two decimals, VAT included).
 * A plan is assigned by setting a company's `planId`; assigned plans are deactivated, never deleted.
 */
export const PLAN_CODE_PATTERN = /^[A-Z0-9_]{2,30}$/;

const unknownKeys = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' ? `알 수 없는 항목입니다: ${(iss.keys ?? []).join(', ')}` : '요청 본문은 객체여야 합니다.',
};

const planFields = {
  code: z
    .string({ error: '요금제 코드를 입력해 주세요.' })
    .trim()
    .regex(PLAN_CODE_PATTERN, { error: '요금제 코드는 영문 대문자, 숫자, 밑줄(_)로 2~30자여야 합니다.' }),
  name: z
    .string({ error: '요금제 이름을 입력해 주세요.' })
    .trim()
    .min(1, { error: '요금제 이름을 입력해 주세요.' })
    .max(100, { error: '요금제 이름은 100자 이하로 입력해 주세요.' }),
  maxCustomers: z
    .number({ error: '최대 고객 수는 숫자여야 합니다.' })
    .int({ error: '최대 고객 수는 정수여야 합니다.' })
    .min(1, { error: '최대 고객 수는 1 이상이어야 합니다.' })
    .max(2_000_000_000, { error: '최대 고객 수가 너무 큽니다.' }),
  monthlyPrice: z
    .string({ error: '월 요금은 문자열로 된 숫자여야 합니다. (예: "99000")' })
    .trim()
    .regex(/^\d{1,10}(\.\d{1,2})?$/, { error: '월 요금은 0 이상의 숫자(소수점 둘째 자리까지)여야 합니다.' }),
  isActive: z.boolean({ error: '사용 여부는 true/false여야 합니다.' }),
};

export const CreatePlanBody = z
  .strictObject(planFields, unknownKeys)
  .partial({ monthlyPrice: true, isActive: true });
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

export const UpdatePlanBody = z
  .strictObject(planFields, unknownKeys)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: '변경할 항목을 하나 이상 보내 주세요.' });
export type UpdatePlanBody = z.infer<typeof UpdatePlanBody>;

export const PlanIdParams = z.object({ id: z.uuid({ error: '올바른 ID 형식이 아닙니다.' }) });
export type PlanIdParams = z.infer<typeof PlanIdParams>;

export const Plan = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  maxCustomers: z.number().int(),
  monthlyPrice: z.string(),
  isActive: z.boolean(),
  /** Companies (not terminated) that use this plan. */
  companyCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Plan = z.infer<typeof Plan>;

export const PlanList = z.object({ plans: z.array(Plan) });
export type PlanList = z.infer<typeof PlanList>;
