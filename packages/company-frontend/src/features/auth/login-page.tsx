import { Navigate, useLocation } from 'react-router';
import { useSessionState } from '../../session.js';
import { AuthLayout } from './auth-layout.js';
import { CredentialsForm } from './credentials-form.js';
import { SessionNotice } from './session-notice.js';

/** Where RequireSession sent the user from, so a restored login lands back there. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && from !== '/login' ? from : '/';
}

export function LoginPage() {
  const { token } = useSessionState();
  const location = useLocation();
  if (token !== null) return <Navigate to={returnPath(location.state)} replace />;
  return (
    <AuthLayout>
      <SessionNotice />
      <CredentialsForm />
    </AuthLayout>
  );
}
