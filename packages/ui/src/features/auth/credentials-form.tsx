import { LoginBody, type TwoFactorChallengeResponse } from '@hanjullo/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.js';
import { useAppConfig } from '../../app-config.js';
import { Button, TextField } from '../../components/index.js';
import { fieldErrors } from '../../lib/form.js';
import { useLogin } from './auth.queries.js';

type Field = 'loginId' | 'password';

export interface CredentialsFormProps {
  /** The login asked for a second factor (never on a surface without two-factor). */
  onChallenge: (challenge: TwoFactorChallengeResponse) => void;
}

export function CredentialsForm({ onChallenge }: CredentialsFormProps) {
  const { surface } = useAppConfig();
  const login = useLogin();
  const [values, setValues] = useState<Record<Field, string>>({ loginId: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = LoginBody.safeParse({ ...values, surface });
    if (!parsed.success) {
      setErrors(fieldErrors<Field>(parsed.error));
      return;
    }
    setErrors({});
    login.mutate(parsed.data, {
      onSuccess: (data) => {
        if ('twoFactorRequired' in data) onChallenge(data);
      },
    });
  }

  const update = (field: Field) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="로그인">
      <TextField label="아이디" name="loginId" autoComplete="username" autoFocus value={values.loginId} onChange={update('loginId')} error={errors.loginId} />
      <TextField label="비밀번호" name="password" type="password" autoComplete="current-password" value={values.password} onChange={update('password')} error={errors.password} />
      {/* Wrong surface, lockout (with the server's wait time), bad password: the server's Korean message. */}
      {login.isError && (
        <p className="form__error" role="alert">
          {errorMessage(login.error)}
        </p>
      )}
      <Button type="submit" isBlock isLoading={login.isPending}>
        로그인
      </Button>
    </form>
  );
}
