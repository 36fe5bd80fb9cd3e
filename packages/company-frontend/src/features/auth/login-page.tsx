import { Navigate } from 'react-router';
import { useSession } from '../../session.js';
import { AuthLayout } from './auth-layout.js';
import { CredentialsForm } from './credentials-form.js';

export function LoginPage() {
  const session = useSession();
  if (session) return <Navigate to="/" replace />;
  return (
    <AuthLayout>
      <CredentialsForm />
    </AuthLayout>
  );
}
