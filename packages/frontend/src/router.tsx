import { createBrowserRouter, Link } from 'react-router';
import { Card, EmptyState } from './components/index.js';
import { ChangePasswordPage } from './features/account/change-password-page.js';
import { LoginPage } from './features/auth/login-page.js';
import { RequireSession } from './features/auth/require-session.js';
import { HomePage } from './features/home/home-page.js';
import { SignedInLayout } from './features/shell/signed-in-layout.js';
import { StatusPage } from './features/status/status-page.js';

function NotFoundPage() {
  return (
    <main className="page page--narrow">
      <Card>
        <EmptyState title="페이지를 찾을 수 없습니다" action={<Link to="/">처음으로</Link>} />
      </Card>
    </main>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/status', element: <StatusPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <SignedInLayout />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/password', element: <ChangePasswordPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);
