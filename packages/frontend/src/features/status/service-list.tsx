import type { HealthResponse, ServiceCheck } from '@hanjullo/shared';
import { cx } from '@hanjullo/ui';

const SERVICES: ReadonlyArray<{ key: keyof HealthResponse['checks']; label: string }> = [
  { key: 'postgres', label: 'PostgreSQL' },
  { key: 'mysql', label: 'MySQL' },
  { key: 'redis', label: 'Redis' },
];

function ServiceRow({ label, check }: { label: string; check: ServiceCheck }) {
  return (
    <li className="service">
      <span className="service__name">{label}</span>
      <span className="service__detail">
        {check.ok ? check.latencyMs !== undefined && `${check.latencyMs}ms` : check.error}
      </span>
      <span className={cx('badge', check.ok ? 'badge--ok' : 'badge--down')}>{check.ok ? '정상' : '장애'}</span>
    </li>
  );
}

export function ServiceList({ health }: { health: HealthResponse }) {
  return (
    <ul className="service-list" aria-label="서비스 상태">
      {SERVICES.map(({ key, label }) => (
        <ServiceRow key={key} label={label} check={health.checks[key]} />
      ))}
    </ul>
  );
}
