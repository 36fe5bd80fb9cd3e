import { ChangePasswordPage, HomePage, LoginPage, NotFoundPage, RequireSession, SignedInLayout } from '@hanjullo/ui';
import { createBrowserRouter } from 'react-router';
import { StatusPage } from './features/status/status-page.js';
import type { Surface } from './surface.js';

const UPCOMING: Record<Surface, string> = {
  service: '곧 이곳에서 고객 데이터와 캠페인을 관리할 수 있습니다.',
  'super-admin': '곧 이곳에서 고객사, 라인그룹, 사용자, 발송 현황을 관리할 수 있습니다.',
};

export function createRouter(surface: Surface) {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    { path: '/status', element: <StatusPage /> },
    {
      element: <RequireSession />,
      children: [
        {
          element: <SignedInLayout />,
          children: [
            { path: '/', element: <HomePage upcoming={UPCOMING[surface]} /> },
            { path: '/password', element: <ChangePasswordPage /> },
          ],
        },
      ],
    },
    { path: '*', element: <NotFoundPage /> },
  ]);
}
