import { AppHeader, Button, Card, EmptyState } from '../../components/index.js';
import { useSession } from '../../session.js';
import { useLogout } from '../auth/auth.queries.js';

export function HomePage() {
  const session = useSession();
  const logout = useLogout();
  const name = session?.user.name ?? '';

  return (
    <div className="app">
      <AppHeader>
        <span className="app-header__user">{name}님</span>
        <Button variant="secondary" onClick={() => logout.mutate()} isLoading={logout.isPending}>
          로그아웃
        </Button>
      </AppHeader>
      <main className="page">
        <h1 className="page__title">{name}님, 환영합니다</h1>
        <Card>
          <EmptyState title="준비 중인 화면입니다" description="곧 이곳에서 사용자, 발신번호, 예약 발송을 관리할 수 있습니다." />
        </Card>
      </main>
    </div>
  );
}
