import { Card, EmptyState } from '../../components/index.js';
import { useCurrentSession } from '../auth/current-session.js';
import { AccountSummary } from './account-summary.js';

export interface HomePageProps {
  /** What this surface's home will offer once its screens exist. */
  upcoming: string;
}

export function HomePage({ upcoming }: HomePageProps) {
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
        <EmptyState title="준비 중인 화면입니다" description={upcoming} />
      </Card>
    </>
  );
}
