import { ChangePasswordPage, HomePage, LoginPage, NotFoundPage, RequireSession, SignedInLayout } from '@hanjullo/ui';
import { createBrowserRouter } from 'react-router';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <SignedInLayout />,
        children: [
          { path: '/', element: <HomePage upcoming="곧 이곳에서 사용자, 발신번호, 예약 발송을 관리할 수 있습니다." /> },
          { path: '/password', element: <ChangePasswordPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);
