import { Button } from './button.js';

export interface ErrorStateProps {
  title?: string;
  message: string;
  onRetry?: () => void;
  isRetrying?: boolean;
}

export function ErrorState({ title = '문제가 발생했습니다', message, onRetry, isRetrying = false }: ErrorStateProps) {
  return (
    <div className="state state--error" role="alert">
      <div className="state__icon" aria-hidden="true">
        !
      </div>
      <p className="state__title">{title}</p>
      <p className="state__description">{message}</p>
      {onRetry && (
        <div className="state__action">
          <Button variant="secondary" onClick={onRetry} isLoading={isRetrying}>
            다시 시도
          </Button>
        </div>
      )}
    </div>
  );
}
