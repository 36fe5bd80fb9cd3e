import { z } from 'zod';
import { pagedList, PageParam, pageSizeParam } from './paging.js';
import { isPlainDate } from '../time.js';

const plainDate = z.string().refine(isPlainDate, '날짜는 YYYY-MM-DD 형식이어야 합니다.');

export const AuditLogQuery = z
  .object({
    action: z.string().trim().max(60).optional(),
    companyId: z.uuid('고객사 ID가 올바르지 않습니다.').optional(),
    actorId: z.uuid('사용자 ID가 올바르지 않습니다.').optional(),
    /** KST dates, inclusive */
    from: plainDate.optional(),
    to: plainDate.optional(),
    page: PageParam,
    pageSize: pageSizeParam(200, 50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '시작일이 종료일보다 늦습니다.', path: ['from'] });
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const AuditLogEntry = z.object({
  id: z.string(),
  createdAt: z.string(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  actorType: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

export const AuditLogPage = pagedList(AuditLogEntry);
export type AuditLogPage = z.infer<typeof AuditLogPage>;
