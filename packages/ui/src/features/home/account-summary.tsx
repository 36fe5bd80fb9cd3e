import type { MeResponse } from '@hanjullo/shared';
import { Card } from '../../components/index.js';
import { ROLE_LABELS } from '../auth/roles.js';

/** Who is signed in: the same facts the API checks on every request. */
export function AccountSummary({ session }: { session: MeResponse }) {
  const { user } = session;
  return (
    <Card title="내 계정">
      <dl className="facts">
        <div className="facts__row">
          <dt>이름</dt>
          <dd>{user.name}</dd>
        </div>
        <div className="facts__row">
          <dt>아이디</dt>
          <dd>{user.loginId}</dd>
        </div>
        <div className="facts__row">
          <dt>역할</dt>
          <dd>{ROLE_LABELS[user.role]}</dd>
        </div>
        {user.companyName !== null && (
          <div className="facts__row">
            <dt>고객사</dt>
            <dd>{user.companyName}</dd>
          </div>
        )}
        {user.storeCodes.length > 0 && (
          <div className="facts__row">
            <dt>담당 매장</dt>
            <dd>{user.storeCodes.join(', ')}</dd>
          </div>
        )}
        <div className="facts__row">
          <dt>자동 로그아웃</dt>
          <dd>{session.sessionTimeoutMinutes}분 동안 사용하지 않으면</dd>
        </div>
      </dl>
    </Card>
  );
}
