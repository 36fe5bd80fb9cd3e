import { NavLink, Outlet } from 'react-router';
import { AppHeader, Button } from '../../components/index.js';
import { cx } from '../../lib/cx.js';
import { useLogout } from '../auth/auth.queries.js';
import { useCurrentSession } from '../auth/current-session.js';
import { ROLE_LABELS } from '../auth/roles.js';

const navClass = ({ isActive }: { isActive: boolean }) => cx('app-nav__link', isActive && 'app-nav__link--active');

/** Header (who is signed in, as what) and navigation around every signed-in page. */
export function SignedInLayout() {
  const { user } = useCurrentSession();
  const logout = useLogout();
  return (
    <div className="app">
      <AppHeader>
        <nav className="app-nav" aria-label="주 메뉴">
          <NavLink to="/" end className={navClass}>
            홈
          </NavLink>
          <NavLink to="/password" className={navClass}>
            비밀번호 변경
          </NavLink>
        </nav>
        <span className="app-header__user">
          {user.name}님 <span className="role-badge">{ROLE_LABELS[user.role]}</span>
        </span>
        <Button variant="secondary" onClick={() => logout.mutate()} isLoading={logout.isPending}>
          로그아웃
        </Button>
      </AppHeader>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
