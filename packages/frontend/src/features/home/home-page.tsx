import { Card, EmptyState } from '../../components/index.js';
import { useSurface } from '../../surface.js';
import { useCurrentSession } from '../auth/current-session.js';
import { AccountSummary } from './account-summary.js';

const UPCOMING = {
  service: '곧 이곳에서 고객 데이터와 캠페인을 관리할 수 있습니다.',
  'super-admin': '곧 이곳에서 고객사, 라인그룹, 사용자, 발송 현황을 관리할 수 있습니다.',
} as const;

export function HomePage() {
  const session = useCurrentSession();
  const surface = useSurface();
  const { user } = session;
  return (
    <>
      <div className="page__heading">
        <h1 className="page__title">{user.name}님, 환영합니다</h1>
        {user.companyName !== null && <p className="page__subtitle">{user.companyName}</p>}
      </div>
      <AccountSummary session={session} />
      <Card>
        <EmptyState title="준비 중인 화면입니다" description={UPCOMING[surface]} />
      </Card>
    </>
  );
}
