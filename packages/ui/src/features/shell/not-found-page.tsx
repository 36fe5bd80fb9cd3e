import { Link } from 'react-router';
import { Card, EmptyState } from '../../components/index.js';

export function NotFoundPage() {
  return (
    <main className="page page--narrow">
      <Card>
        <EmptyState title="페이지를 찾을 수 없습니다" action={<Link to="/">처음으로</Link>} />
      </Card>
    </main>
  );
}
