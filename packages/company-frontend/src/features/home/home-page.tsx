import { Card, EmptyState } from '../../components/index.js';
import { useCurrentSession } from '../auth/current-session.js';
import { AccountSummary } from './account-summary.js';

export function HomePage() {
  const session = useCurrentSession();
  const { user } = session;
  return (
    <>
      <div className="page__heading">
        <h1 className="page__title">{user.name}님, 환영합니다</h1>
        {user.companyName !== null && <p className="page__subtitle">{user.companyName}</p>}
      </div>
      <AccountSummary session={session} />
      <Card>
        <EmptyState title="준비 중인 화면입니다" description="곧 이곳에서 사용자, 발신번호, 예약 발송을 관리할 수 있습니다." />
      </Card>
    </>
  );
}
