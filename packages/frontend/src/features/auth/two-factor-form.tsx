import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.js';
import { Button, TextField } from '../../components/index.js';
import { fieldErrors } from '../../lib/form.js';
import { useVerifyTwoFactor } from './auth.queries.js';
import { VerifyTwoFactorBody } from './auth.schemas.js';

export interface TwoFactorFormProps {
  challengeId: string;
  onCancel: () => void;
}

export function TwoFactorForm({ challengeId, onCancel }: TwoFactorFormProps) {
  const verify = useVerifyTwoFactor();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = VerifyTwoFactorBody.safeParse({ challengeId, code });
    if (!parsed.success) {
      setCodeError(fieldErrors<'code'>(parsed.error).code ?? '인증번호를 확인해 주세요.');
      return;
    }
    setCodeError(undefined);
    verify.mutate(parsed.data);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="2단계 인증">
      <p className="form__intro">등록된 휴대전화로 보낸 인증번호 6자리를 입력해 주세요. 인증번호는 5분간 유효합니다.</p>
      <TextField
        label="인증번호"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        value={code}
        // Pasted codes often come as "123 456" or "123-456": keep the digits, then cut to six.
        onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
        error={codeError}
      />
      {verify.isError && (
        <p className="form__error" role="alert">
          {errorMessage(verify.error)}
        </p>
      )}
      <Button type="submit" isBlock isLoading={verify.isPending}>
        확인
      </Button>
      <Button variant="ghost" isBlock onClick={onCancel} disabled={verify.isPending}>
        처음으로
      </Button>
    </form>
  );
}
