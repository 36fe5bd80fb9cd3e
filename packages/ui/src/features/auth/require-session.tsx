import { Navigate, Outlet, useLocation } from 'react-router';
import { errorMessage } from '../../api/client.js';
import { ErrorState, Spinner } from '../../components/index.js';
import { useSessionState } from '../../session.js';
import { ForcedPasswordChange } from '../account/forced-password-change.js';
import { useMe } from './auth.queries.js';
import { CurrentSessionContext } from './current-session.js';
import { IdleWarning } from './idle-warning.js';

/**
 * Gate of every signed-in page: restores the session with /api/auth/me, sends a user who must change
 * the password to that screen first, and watches the idle timeout.
 */
export function RequireSession() {
  const { token } = useSessionState();
  const me = useMe();
  const location = useLocation();

  if (token === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.isPending) {
    return (
      <div className="state state--page">
        <Spinner size="lg" label="" />
        <p className="state__description">로그인 정보를 확인하는 중입니다…</p>
      </div>
    );
  }
  if (me.isError) {
    return (
      <main className="page page--narrow">
        <ErrorState
          title="로그인 정보를 확인하지 못했습니다"
          message={errorMessage(me.error)}
          onRetry={() => void me.refetch()}
          isRetrying={me.isFetching}
        />
      </main>
    );
  }
  return (
    <CurrentSessionContext.Provider value={me.data}>
      {me.data.user.mustChangePassword ? <ForcedPasswordChange /> : <Outlet />}
      <IdleWarning />
    </CurrentSessionContext.Provider>
  );
}
