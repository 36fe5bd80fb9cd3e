import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useAppConfig } from '../../app-config.js';

export function AuthLayout({ children }: { children: ReactNode }) {
  const { branding, authFooterLinks = [] } = useAppConfig();
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
        {authFooterLinks.map((link) => (
          <Fragment key={link.to}>
            <Link to={link.to}>{link.label}</Link>
            <span aria-hidden="true">·</span>
          </Fragment>
        ))}
        <span>© 한줄로</span>
      </footer>
    </main>
  );
}
