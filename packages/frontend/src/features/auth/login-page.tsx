import { useState } from 'react';
import { Navigate } from 'react-router';
import { useSession } from '../../session.js';
import { AuthLayout } from './auth-layout.js';
import { CredentialsForm } from './credentials-form.js';
import { TwoFactorForm } from './two-factor-form.js';

export function LoginPage() {
  const session = useSession();
  const [challengeId, setChallengeId] = useState<string | null>(null);

  if (session) return <Navigate to="/" replace />;
  return (
    <AuthLayout>
      {challengeId === null ? (
        <CredentialsForm onChallenge={setChallengeId} />
      ) : (
        <TwoFactorForm challengeId={challengeId} onCancel={() => setChallengeId(null)} />
      )}
    </AuthLayout>
  );
}
