import { normalizeMobile, type CreateTestContactBody, type TestContact, type TestContactList } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { conflict, forbidden, notFound, validationFailed } from '../../errors.js';
import type { CompanyScope } from '../scope/scope.js';
import * as repo from './test-contacts.repo.js';

/** Test contacts: personal (per user) or shared with the company (admins manage shared ones). */

const MAX_CONTACTS = 50;
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

function toView(row: repo.TestContactRow): TestContact {
  return { id: row.id, name: row.name, phone: row.phone, shared: row.user_id === null, createdAt: new Date(row.created_at).toISOString() };
}

export async function listTestContacts(deps: AppDeps, scope: CompanyScope): Promise<TestContactList> {
  return { items: (await repo.listTestContacts(deps.db, scope.companyId, scope.userId)).map(toView) };
}

export async function createTestContact(deps: AppDeps, scope: CompanyScope, body: CreateTestContactBody): Promise<TestContact> {
  const phone = normalizeMobile(body.phone);
  if (!phone) throw validationFailed(`휴대폰 번호 형식이 올바르지 않습니다: ${body.phone}`);
  if (body.shared && scope.role === 'company_user') throw forbidden('공용 테스트 번호는 고객사 관리자만 등록할 수 있습니다.');
  const owner = body.shared ? null : scope.userId;
  if ((await repo.listTestContacts(deps.db, scope.companyId, scope.userId)).length >= MAX_CONTACTS) {
    throw validationFailed(`테스트 번호는 ${MAX_CONTACTS}개까지 등록할 수 있습니다.`);
  }
  try {
    return toView(await repo.insertTestContact(deps.db, { company_id: scope.companyId, user_id: owner, name: body.name, phone }));
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('이미 등록된 테스트 번호입니다.');
    throw err;
  }
}

export async function deleteTestContact(deps: AppDeps, scope: CompanyScope, id: string): Promise<void> {
  const row = await repo.findTestContact(deps.db, scope.companyId, id);
  if (!row || (row.user_id !== null && row.user_id !== scope.userId)) throw notFound('테스트 번호');
  if (row.user_id === null && scope.role === 'company_user') throw forbidden('공용 테스트 번호는 고객사 관리자만 삭제할 수 있습니다.');
  await repo.deleteTestContact(deps.db, scope.companyId, id);
}
