import type { Surface } from '@hanjullo/shared';
import { createContext, useContext } from 'react';

/** How one surface introduces itself: header, login panel and document title. */
export interface Branding {
  /** Product name shown in the header and used as the document title. */
  name: string;
  tagline: string;
}

export interface AuthFooterLink {
  to: string;
  label: string;
}

/** What differs between the SPAs that share these screens; each app decides it once in main.tsx. */
export interface AppConfig {
  /** The login surface this SPA serves; the API receives it with every login. */
  surface: Surface;
  branding: Branding;
  /** Whether a login may answer with an SMS challenge (service, super-admin) or only a session. */
  hasTwoFactor: boolean;
  /** Extra links in the login page footer, before the copyright. */
  authFooterLinks?: readonly AuthFooterLink[];
}

export const AppConfigContext = createContext<AppConfig | null>(null);

export function useAppConfig(): AppConfig {
  const config = useContext(AppConfigContext);
  if (!config) throw new Error('useAppConfig must be used inside mountApp()');
  return config;
}

export function useBranding(): Branding {
  return useAppConfig().branding;
}
