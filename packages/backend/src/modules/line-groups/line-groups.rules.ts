import type { LineGroupType } from '@hanjullo/shared';
import { allSmsTables } from '../../db/mysql.js';
import { badRequest, conflict } from '../../errors.js';
import * as repo from './line-groups.repo.js';

/** Rules every line-group write checks (inside its transaction where they read the database). */
export const TYPE_LABEL: Record<LineGroupType, string> = { bulk: '대량발송', test: '테스트', auth: '인증' };

/** Names reach SQL as identifiers later, so only configured agents' tables are accepted. */
export function assertTablesConfigured(tables: readonly string[]): void {
  const configured = new Set(allSmsTables());
  const unknown = tables.filter((t) => !configured.has(t));
  if (unknown.length > 0) {
    throw badRequest(`설정되지 않은 발송 테이블입니다: ${unknown.join(', ')}`, { tables: unknown });
  }
}

export function assertGroupShape(type: LineGroupType, tables: readonly string[]): void {
  // 2FA codes go out on exactly one line (getAuthSmsTable); several tables would be ambiguous
  if (type === 'auth' && tables.length !== 1) throw badRequest('인증 라인그룹에는 테이블을 하나만 지정할 수 있습니다.');
}

/**
 * Test and auth lines exist so that a blast can never delay a test send or a 2FA code: a table
 * that carries test or auth traffic must never also carry bulk traffic. We refuse a table shared
 * by groups of different types — any pair, so test sends cannot delay 2FA either; active or not,
 * since deactivating a group is not retiring its table and it may be switched back on. Groups of
 * the same type may share tables (overlapping bulk groups are a legitimate capacity choice).
 */
export async function assertNoCrossTypeTables(
  trx: repo.DbOrTrx,
  type: LineGroupType,
  tables: readonly string[],
  selfId?: string,
): Promise<void> {
  const others = (await repo.listLineGroupRows(trx)).filter((g) => g.id !== selfId && g.type !== type);
  for (const table of tables) {
    const owner = others.find((g) => g.tables.includes(table));
    if (owner) {
      throw conflict(
        `${table} 테이블은 이미 ${TYPE_LABEL[owner.type]} 라인그룹 '${owner.name}'에 속해 있어 ${TYPE_LABEL[type]} 라인그룹에 넣을 수 없습니다.`,
        { table, lineGroupId: owner.id },
      );
    }
  }
}

export async function assertNameFree(trx: repo.DbOrTrx, name: string, selfId?: string): Promise<void> {
  const existing = await repo.findLineGroupIdByName(trx, name);
  if (existing && existing !== selfId) throw conflict(`같은 이름의 라인그룹이 이미 있습니다: ${name}`);
}

export async function assertUnassigned(trx: repo.DbOrTrx, id: string, what: string): Promise<void> {
  const { companies, users } = await repo.countLineGroupAssignments(trx, id);
  if (companies > 0 || users > 0) {
    throw conflict(
      `이 라인그룹은 고객사 ${companies}곳, 사용자 ${users}명에게 배정되어 있어 ${what} 수 없습니다. 배정을 먼저 해제해 주세요.`,
      { companies, users },
    );
  }
}
