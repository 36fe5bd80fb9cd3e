import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useBranding } from '../app-config.js';

export function AppHeader({ children }: { children?: ReactNode }) {
  const branding = useBranding();
  return (
    <header className="app-header">
      <Link to="/" className="app-header__brand">
        <span className="brand-mark brand-mark--sm" aria-hidden="true">
          한
        </span>
        <span>{branding.name}</span>
      </Link>
      {children && <div className="app-header__side">{children}</div>}
    </header>
  );
}
