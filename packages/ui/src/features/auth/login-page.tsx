import type { TwoFactorChallengeResponse } from '@hanjullo/shared';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSessionState } from '../../session.js';
import { AuthLayout } from './auth-layout.js';
import { CredentialsForm } from './credentials-form.js';
import { SessionNotice } from './session-notice.js';
import { TwoFactorForm } from './two-factor-form.js';

interface PendingChallenge {
  challenge: TwoFactorChallengeResponse;
  expiresAt: number;
}

/** Where RequireSession sent the user from, so a restored login lands back there. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && from !== '/login' ? from : '/';
}

export function LoginPage() {
  const { token } = useSessionState();
  const location = useLocation();
  const [pending, setPending] = useState<PendingChallenge | null>(null);

  if (token !== null) return <Navigate to={returnPath(location.state)} replace />;
  return (
    <AuthLayout>
      {pending === null ? (
        <>
          <SessionNotice />
          <CredentialsForm onChallenge={(challenge) => setPending({ challenge, expiresAt: Date.now() + challenge.expiresInSeconds * 1000 })} />
        </>
      ) : (
        <TwoFactorForm challenge={pending.challenge} expiresAt={pending.expiresAt} onCancel={() => setPending(null)} />
      )}
    </AuthLayout>
  );
}
