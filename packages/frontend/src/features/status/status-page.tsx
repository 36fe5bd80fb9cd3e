import { AppHeader, Card, cx, errorMessage, ErrorState, formatKst, Spinner } from '@hanjullo/ui';
import { ServiceList } from './service-list.js';
import { useHealth } from './status.queries.js';

function StatusBody() {
  const health = useHealth();
  if (health.isPending) {
    return (
      <div className="state">
        <Spinner size="lg" label="" />
        <p className="state__description">상태를 확인하는 중입니다…</p>
      </div>
    );
  }
  if (health.isError) {
    return (
      <ErrorState
        title="상태를 불러오지 못했습니다"
        message={errorMessage(health.error)}
        onRetry={() => void health.refetch()}
        isRetrying={health.isFetching}
      />
    );
  }
  const isOk = health.data.status === 'ok';
  return (
    <>
      <p className={cx('status-summary', isOk ? 'status-summary--ok' : 'status-summary--down')}>
        {isOk ? '모든 서비스가 정상입니다.' : '일부 서비스에 장애가 있습니다.'}
      </p>
      <ServiceList health={health.data} />
      <p className="muted">마지막 확인: {formatKst(health.dataUpdatedAt)} (KST)</p>
    </>
  );
}

export function StatusPage() {
  return (
    <div className="app">
      <AppHeader />
      <main className="page page--narrow">
        <Card title="시스템 상태">
          <StatusBody />
        </Card>
      </main>
    </div>
  );
}
