import type { Branding } from '@hanjullo/ui';

/** Which login surface this SPA serves; the API receives it with every login. */
export type Surface = 'service' | 'super-admin';

const SURFACES: readonly Surface[] = ['service', 'super-admin'];

export const BRANDING: Record<Surface, Branding> = {
  service: { name: '한줄로', tagline: '한 줄로 타깃을 찾고, 문자를 쓰고, 발송까지.' },
  'super-admin': { name: '한줄로 시스템 관리', tagline: '플랫폼 운영자 전용 화면입니다.' },
};

function isSurface(value: string | null): value is Surface {
  return value !== null && (SURFACES as readonly string[]).includes(value);
}

/**
 * sys.hanjullo.com (and sys.localhost in development) is the super-admin console; every other host
 * is the marketer service. `?surface=` is honoured only when `allowOverride` (dev builds), so a
 * production visitor can never switch surfaces from the address bar.
 */
export function resolveSurface(hostname: string, search: string, allowOverride: boolean): Surface {
  if (allowOverride) {
    const override = new URLSearchParams(search).get('surface');
    if (isSurface(override)) return override;
  }
  return hostname.toLowerCase().startsWith('sys.') ? 'super-admin' : 'service';
}

export function detectSurface(): Surface {
  return resolveSurface(window.location.hostname, window.location.search, import.meta.env.DEV);
}
