import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useBranding } from '../../surface.js';

export function AuthLayout({ children }: { children: ReactNode }) {
  const branding = useBranding();
  return (
    <main className="auth">
      <div className="auth__panel">
        <div className="auth__brand">
          <span className="brand-mark" aria-hidden="true">
            한
          </span>
          <h1 className="auth__title">{branding.name}</h1>
          <p className="auth__tagline">{branding.tagline}</p>
        </div>
        {children}
      </div>
      <footer className="auth__footer">
        <Link to="/status">시스템 상태</Link>
        <span aria-hidden="true">·</span>
        <span>© 한줄로</span>
      </footer>
    </main>
  );
}
