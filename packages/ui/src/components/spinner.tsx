import { cx } from '../lib/cx.js';

export interface SpinnerProps {
  size?: 'sm' | 'md' | 'lg';
  /** Announced to screen readers; pass '' when the surrounding text already says it. */
  label?: string;
}

export function Spinner({ size = 'md', label = '불러오는 중' }: SpinnerProps) {
  if (label === '') return <span className={cx('spinner', `spinner--${size}`)} aria-hidden="true" />;
  return <span className={cx('spinner', `spinner--${size}`)} role="status" aria-label={label} />;
}
