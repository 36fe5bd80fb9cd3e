import { useEffect } from 'react';
import { Button, Modal } from '../../components/index.js';
import { formatRemaining } from '../../lib/duration.js';
import { useNow } from '../../lib/use-now.js';
import { endSession, SESSION_NOTICES, useSessionState } from '../../session.js';
import { useExtendSession, useLogout } from './auth.queries.js';

const WARN_BEFORE_MS = 5 * 60_000;

/**
 * The server ends a session after the company's idle timeout; five minutes before, the user may
 * extend it. At the deadline the tab returns to the login page (the server has ended it already).
 */
export function IdleWarning() {
  const { idleDeadline } = useSessionState();
  const now = useNow();
  const extend = useExtendSession();
  const logout = useLogout();
  const remaining = idleDeadline === null ? null : idleDeadline - now;
  const isExpired = remaining !== null && remaining <= 0;

  useEffect(() => {
    if (isExpired) endSession(SESSION_NOTICES.expired);
  }, [isExpired]);

  return (
    <Modal
      isOpen={remaining !== null && remaining <= WARN_BEFORE_MS && !isExpired}
      title="곧 자동 로그아웃됩니다"
      footer={
        <>
          <Button variant="secondary" onClick={() => logout.mutate()} isLoading={logout.isPending} disabled={extend.isPending}>
            로그아웃
          </Button>
          <Button onClick={() => extend.mutate()} isLoading={extend.isPending} disabled={logout.isPending} data-autofocus>
            연장
          </Button>
        </>
      }
    >
      <p>
        오랫동안 사용하지 않아 <strong>{formatRemaining(remaining ?? 0)}</strong> 후 자동으로 로그아웃됩니다. 계속 이용하시려면
        연장을 눌러 주세요.
      </p>
    </Modal>
  );
}
