import type { Branding } from '@hanjullo/ui';

/** This SPA is only ever the company-admin surface (app.hanjul.ai); only `admin` users may enter. */
export const SURFACE = 'company-admin' as const;

export const BRANDING: Branding = {
  name: '한줄로 고객사 관리자',
  tagline: '사용자, 발신번호, 예약 발송을 관리합니다.',
};
