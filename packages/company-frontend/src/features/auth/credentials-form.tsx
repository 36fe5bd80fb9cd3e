import { LoginBody } from '@hanjullo/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.js';
import { Button, TextField } from '../../components/index.js';
import { fieldErrors } from '../../lib/form.js';
import { SURFACE } from '../../surface.js';
import { useLogin } from './auth.queries.js';

type Field = 'loginId' | 'password';

export function CredentialsForm() {
  const login = useLogin();
  const [values, setValues] = useState<Record<Field, string>>({ loginId: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = LoginBody.safeParse({ ...values, surface: SURFACE });
    if (!parsed.success) {
      setErrors(fieldErrors<Field>(parsed.error));
      return;
    }
    setErrors({});
    login.mutate(parsed.data);
  }

  const update = (field: Field) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="로그인">
      <TextField label="아이디" name="loginId" autoComplete="username" autoFocus value={values.loginId} onChange={update('loginId')} error={errors.loginId} />
      <TextField label="비밀번호" name="password" type="password" autoComplete="current-password" value={values.password} onChange={update('password')} error={errors.password} />
      {/* Wrong surface (a marketer account), lockout (with the server's wait time), bad password: the server's Korean message. */}
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
