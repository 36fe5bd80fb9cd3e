import { z } from 'zod';
import { SEND_TABLE_PATTERN } from '../qtmsg/tables.js';

/**
 * Line groups: named sets of QTmsg queue tables. `bulk` groups carry campaigns (assigned per
 * company, optionally per user); `test` carries test sends; `auth` carries 2FA codes and operator
 * notices. Which names are actually configured (`SMS_TABLES`) is checked by the API, not here.
 */
export const LineGroupType = z.enum(['bulk', 'test', 'auth'], { error: '유형은 bulk, test, auth 중 하나여야 합니다.' });
export type LineGroupType = z.infer<typeof LineGroupType>;

// the table guard's own pattern: SMSQ_SEND or SMSQ_SEND_1..999
const SMS_TABLE_NAME = SEND_TABLE_PATTERN;

export const SmsTableName = z
  .string({ error: '테이블 이름은 문자열이어야 합니다.' })
  .regex(SMS_TABLE_NAME, { error: (iss) => `발송 테이블 이름 형식이 올바르지 않습니다: ${String(iss.input)}` });

export const LineGroupTables = z
  .array(SmsTableName, { error: '테이블 목록은 배열이어야 합니다.' })
  .min(1, { error: '테이블을 하나 이상 지정해 주세요.' })
  .max(100, { error: '테이블은 100개까지 지정할 수 있습니다.' })
  .refine((tables) => new Set(tables).size === tables.length, { error: '같은 테이블을 두 번 지정할 수 없습니다.' });

const LineGroupName = z
  .string({ error: '이름을 입력해 주세요.' })
  .trim()
  .min(1, { error: '이름을 입력해 주세요.' })
  .max(50, { error: '이름은 50자 이하로 입력해 주세요.' });

const SortOrder = z
  .number({ error: '정렬 순서는 숫자여야 합니다.' })
  .int({ error: '정렬 순서는 정수여야 합니다.' })
  .min(0, { error: '정렬 순서는 0 이상이어야 합니다.' })
  .max(1_000_000, { error: '정렬 순서가 너무 큽니다.' });

export const CreateLineGroupBody = z.object({
  name: LineGroupName,
  type: LineGroupType,
  tables: LineGroupTables,
  isActive: z.boolean({ error: '사용 여부는 true/false여야 합니다.' }).default(true),
  sortOrder: SortOrder.default(0),
});
export type CreateLineGroupBody = z.infer<typeof CreateLineGroupBody>;

/** Partial update: only the fields sent change; at least one is required. */
export const UpdateLineGroupBody = z
  .object({
    name: LineGroupName.optional(),
    type: LineGroupType.optional(),
    tables: LineGroupTables.optional(),
    isActive: z.boolean({ error: '사용 여부는 true/false여야 합니다.' }).optional(),
    sortOrder: SortOrder.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: '변경할 항목을 하나 이상 보내 주세요.' });
export type UpdateLineGroupBody = z.infer<typeof UpdateLineGroupBody>;

export const LineGroupCompany = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
});
export type LineGroupCompany = z.infer<typeof LineGroupCompany>;

export const LineGroup = z.object({
  id: z.string(),
  name: z.string(),
  type: LineGroupType,
  tables: z.array(z.string()),
  isActive: z.boolean(),
  sortOrder: z.number().int(),
  /** Companies whose campaigns use this group. */
  companies: z.array(LineGroupCompany),
  /** Users with this group set on themselves (overrides their company's group). */
  userAssignmentCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LineGroup = z.infer<typeof LineGroup>;

export const LineGroupList = z.object({
  lineGroups: z.array(LineGroup),
  /** Every configured queue table (`SMS_TABLES`), for pickers. */
  smsTables: z.array(z.string()),
});
export type LineGroupList = z.infer<typeof LineGroupList>;

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

export const LineGroupIdParams = z.object({ id: Uuid });
export type LineGroupIdParams = z.infer<typeof LineGroupIdParams>;

export const CompanyLineGroupParams = z.object({ companyId: Uuid });
export type CompanyLineGroupParams = z.infer<typeof CompanyLineGroupParams>;

export const UserLineGroupParams = z.object({ companyId: Uuid, userId: Uuid });
export type UserLineGroupParams = z.infer<typeof UserLineGroupParams>;

/** `null` removes the assignment (company → fallback round-robin; user → company's group). */
export const AssignLineGroupBody = z.object({
  lineGroupId: Uuid.nullable(),
});
export type AssignLineGroupBody = z.infer<typeof AssignLineGroupBody>;

export const CompanyLineGroupAssignment = z.object({
  companyId: z.string(),
  lineGroupId: z.string().nullable(),
});
export type CompanyLineGroupAssignment = z.infer<typeof CompanyLineGroupAssignment>;

export const UserLineGroupAssignment = z.object({
  companyId: z.string(),
  userId: z.string(),
  lineGroupId: z.string().nullable(),
});
export type UserLineGroupAssignment = z.infer<typeof UserLineGroupAssignment>;
