import { ChangePasswordBody } from '@hanjullo/shared';
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.js';
import { Button, TextField } from '../../components/index.js';
import { fieldErrors } from '../../lib/form.js';
import { useChangePassword } from '../auth/auth.queries.js';
import { PasswordRules } from './password-rules.js';

type Field = 'oldPassword' | 'newPassword' | 'confirm';

export interface ChangePasswordFormProps {
  onChanged: () => void;
}

export function ChangePasswordForm({ onChanged }: ChangePasswordFormProps) {
  const change = useChangePassword();
  const rulesId = useId();
  const [values, setValues] = useState<Record<Field, string>>({ oldPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ChangePasswordBody.safeParse({ oldPassword: values.oldPassword, newPassword: values.newPassword });
    const next: Partial<Record<Field, string>> = parsed.success ? {} : fieldErrors<Field>(parsed.error);
    if (values.confirm === '') next.confirm = '새 비밀번호를 한 번 더 입력해 주세요.';
    else if (values.confirm !== values.newPassword) next.confirm = '새 비밀번호가 서로 다릅니다.';
    setErrors(next);
    if (!parsed.success || next.confirm) return;
    change.mutate(parsed.data, { onSuccess: onChanged });
  }

  const update = (field: Field) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="비밀번호 변경">
      <TextField label="현재 비밀번호" name="oldPassword" type="password" autoComplete="current-password" autoFocus value={values.oldPassword} onChange={update('oldPassword')} error={errors.oldPassword} />
      <div className="field-group">
        <TextField label="새 비밀번호" name="newPassword" type="password" autoComplete="new-password" value={values.newPassword} onChange={update('newPassword')} error={errors.newPassword} aria-describedby={rulesId} />
        <PasswordRules value={values.newPassword} id={rulesId} />
      </div>
      <TextField label="새 비밀번호 확인" name="confirm" type="password" autoComplete="new-password" value={values.confirm} onChange={update('confirm')} error={errors.confirm} />
      {change.isError && (
        <p className="form__error" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
      <Button type="submit" isBlock isLoading={change.isPending}>
        비밀번호 변경
      </Button>
    </form>
  );
}
