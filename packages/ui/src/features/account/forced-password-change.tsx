import { Button, useToast } from '../../components/index.js';
import { AuthLayout } from '../auth/auth-layout.js';
import { useLogout } from '../auth/auth.queries.js';
import { ChangePasswordForm } from './change-password-form.js';

/** `mustChangePassword`: nothing else opens until the temporary password is replaced. */
export function ForcedPasswordChange() {
  const toast = useToast();
  const logout = useLogout();
  return (
    <AuthLayout>
      <div className="form">
        <h2 className="form__title">비밀번호를 변경해 주세요</h2>
        <p className="form__intro">
          임시 비밀번호로 로그인하셨습니다. 서비스를 이용하려면 먼저 새 비밀번호를 설정해야 합니다.
        </p>
        <ChangePasswordForm onChanged={() => toast.show('비밀번호가 변경되었습니다.', 'success')} />
        <Button variant="ghost" isBlock onClick={() => logout.mutate()} isLoading={logout.isPending}>
          로그아웃
        </Button>
      </div>
    </AuthLayout>
  );
}
