import type { ReactNode } from 'react';
import { BRANDING } from '../../surface.js';

export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__panel">
        <div className="auth__brand">
          <span className="brand-mark" aria-hidden="true">
            한
          </span>
          <h1 className="auth__title">{BRANDING.name}</h1>
          <p className="auth__tagline">{BRANDING.tagline}</p>
        </div>
        {children}
      </div>
      <footer className="auth__footer">
        <span>© 한줄로</span>
      </footer>
    </main>
  );
}
