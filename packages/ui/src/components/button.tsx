import type { ComponentPropsWithRef } from 'react';
import { cx } from '../lib/cx.js';
import { Spinner } from './spinner.js';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  isLoading?: boolean;
  isBlock?: boolean;
}

export function Button({
  variant = 'primary',
  isLoading = false,
  isBlock = false,
  type = 'button',
  className,
  disabled,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={cx('btn', `btn--${variant}`, isBlock && 'btn--block', className)}
      disabled={disabled || isLoading}
      aria-busy={isLoading || undefined}
      {...rest}
    >
      {isLoading && <Spinner size="sm" label="" />}
      {children}
    </button>
  );
}
