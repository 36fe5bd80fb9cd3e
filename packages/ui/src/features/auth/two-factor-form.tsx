import { TwoFactorVerifyBody, type TwoFactorChallengeResponse } from '@hanjullo/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client.js';
import { Button, TextField } from '../../components/index.js';
import { formatRemaining } from '../../lib/duration.js';
import { fieldErrors } from '../../lib/form.js';
import { useNow } from '../../lib/use-now.js';
import { useVerifyTwoFactor } from './auth.queries.js';

export interface TwoFactorFormProps {
  challenge: TwoFactorChallengeResponse;
  /** Browser-clock instant the code stops working (receipt + expiresInSeconds). */
  expiresAt: number;
  onCancel: () => void;
}

export function TwoFactorForm({ challenge, expiresAt, onCancel }: TwoFactorFormProps) {
  const verify = useVerifyTwoFactor();
  const now = useNow();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const remaining = expiresAt - now;
  const isExpired = remaining <= 0;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isExpired) return;
    const parsed = TwoFactorVerifyBody.safeParse({ challengeId: challenge.challengeId, code });
    if (!parsed.success) {
      setCodeError(fieldErrors<'code'>(parsed.error).code ?? '인증번호를 확인해 주세요.');
      return;
    }
    setCodeError(undefined);
    verify.mutate(parsed.data);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="2단계 인증">
      <p className="form__intro">
        <strong>{challenge.sentTo}</strong>(으)로 보낸 인증번호 6자리를 입력해 주세요.
      </p>
      <p className={isExpired ? 'countdown countdown--expired' : 'countdown'} role="timer" aria-live="off" aria-label="인증번호 남은 시간">
        {isExpired ? '인증 시간이 지났습니다. 처음으로 돌아가 다시 로그인해 주세요.' : `남은 시간 ${formatRemaining(remaining)}`}
      </p>
      <TextField
        label="인증번호"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        value={code}
        disabled={isExpired}
        // Pasted codes often come as "123 456" or "123-456": keep the digits, then cut to six.
        onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
        error={codeError}
      />
      {verify.isError && (
        <p className="form__error" role="alert">
          {errorMessage(verify.error)}
        </p>
      )}
      <Button type="submit" isBlock isLoading={verify.isPending} disabled={isExpired}>
        확인
      </Button>
      <Button variant="ghost" isBlock onClick={onCancel} disabled={verify.isPending}>
        처음으로
      </Button>
    </form>
  );
}
