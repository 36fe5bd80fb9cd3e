import type { Role } from '@hanjullo/shared';

export const ROLE_LABELS: Record<Role, string> = {
  super_admin: '슈퍼관리자',
  company_admin: '고객사 관리자',
  company_user: '마케터',
};
