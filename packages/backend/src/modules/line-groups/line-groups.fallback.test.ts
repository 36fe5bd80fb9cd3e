import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany, createSuperAdmin } from '../../../test/factories.js';
import type { Actor } from '../audit/audit.service.js';
import {
  createLineGroup,
  getAuthSmsTable,
  getCompanySmsTables,
  getTestSmsTables,
  updateLineGroup,
} from './line-groups.service.js';

// Its own file: the configured-table guard is per process, and this world has only two tables.
let bare: TestContext;
beforeAll(async () => {
  bare = await createTestContext({ smsTables: ['SMSQ_SEND_10', 'SMSQ_SEND_11'] });
});
afterAll(async () => {
  await bare?.close();
});

describe('send-line lookups without usable lines', () => {

  it('refuses test and auth sends with 503 instead of borrowing another line, and bulk when only reserved lines exist', async () => {
    const company = await createCompany(bare.deps.db);
    const admin = await createSuperAdmin(bare.deps.db);
    const who: Actor = { type: 'super_admin', id: admin.id };
    await expect(getTestSmsTables(bare.deps)).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
    await expect(getAuthSmsTable(bare.deps)).rejects.toMatchObject({ status: 503 });
    // no groups yet: every configured table is a bulk line
    expect(await getCompanySmsTables(bare.deps, company.id)).toEqual(['SMSQ_SEND_10', 'SMSQ_SEND_11']);

    // an inactive test group still reserves its table (deactivating is not retiring a line)
    const testGroup = await createLineGroup(bare.deps, who, { name: '테스트', type: 'test', tables: ['SMSQ_SEND_10'], isActive: false, sortOrder: 0 });
    expect(await getCompanySmsTables(bare.deps, company.id)).toEqual(['SMSQ_SEND_11']);
    await expect(getTestSmsTables(bare.deps)).rejects.toMatchObject({ status: 503 });
    await updateLineGroup(bare.deps, who, testGroup.id, { isActive: true });
    expect(await getTestSmsTables(bare.deps)).toEqual(['SMSQ_SEND_10']);

    await createLineGroup(bare.deps, who, { name: '인증', type: 'auth', tables: ['SMSQ_SEND_11'], isActive: true, sortOrder: 0 });
    expect(await getAuthSmsTable(bare.deps)).toBe('SMSQ_SEND_11');
    await expect(getCompanySmsTables(bare.deps, company.id)).rejects.toMatchObject({
      status: 503,
      message: '대량발송에 쓸 수 있는 발송 라인이 없습니다. 설정된 테이블이 모두 테스트/인증 라인입니다.',
    });
  });
});
