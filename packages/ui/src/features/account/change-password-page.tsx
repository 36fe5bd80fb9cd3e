import { useNavigate } from 'react-router';
import { Card, useToast } from '../../components/index.js';
import { ChangePasswordForm } from './change-password-form.js';

export function ChangePasswordPage() {
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <>
      <h1 className="page__title">비밀번호 변경</h1>
      <Card>
        <p className="form__intro card__intro">비밀번호를 바꾸면 다른 기기와 브라우저의 로그인은 모두 종료됩니다.</p>
        <ChangePasswordForm
          onChanged={() => {
            toast.show('비밀번호가 변경되었습니다.', 'success');
            void navigate('/');
          }}
        />
      </Card>
    </>
  );
}
