import { NewPassword, PASSWORD_RULE } from '@hanjullo/shared';
import { cx } from '../../lib/cx.js';

const RULES = [
  { label: `${PASSWORD_RULE.min}자 이상 ${PASSWORD_RULE.max}자 이하`, codes: ['too_small', 'too_big'] },
  { label: '영문과 숫자를 모두 포함', codes: ['custom'] },
] as const;

/** The NewPassword rules, ticked live against what is typed (the schema decides, not a copy of it). */
export function PasswordRules({ value, id }: { value: string; id: string }) {
  const issues = NewPassword.safeParse(value).error?.issues ?? [];
  return (
    <ul className="rule-list" id={id} aria-label="비밀번호 규칙">
      {RULES.map((rule) => {
        const isMet = value !== '' && !issues.some((issue) => (rule.codes as readonly string[]).includes(issue.code));
        return (
          <li key={rule.label} className={cx('rule', isMet && 'rule--met')}>
            <span aria-hidden="true">{isMet ? '✓' : '·'}</span> {rule.label}
            <span className="visually-hidden">{isMet ? ' (충족)' : ' (미충족)'}</span>
          </li>
        );
      })}
    </ul>
  );
}
