import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../src/db/postgres.js';
import type { CompaniesTable, UsersTable } from '../src/db/schema.js';
import { hashPassword } from '../src/security/passwords.js';

export const TEST_PASSWORD = 'Passw0rd!test';

const suffix = () => randomBytes(4).toString('hex');
let passwordHash: Promise<string> | undefined;
/** bcrypt at cost 4: the same algorithm as production, fast enough for many test users. */
const testHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD, 4));

export async function createCompany(db: Db, over: Partial<Insertable<CompaniesTable>> = {}) {
  const code = `T${suffix().toUpperCase()}`;
  return db
    .insertInto('companies')
    .values({
      code,
      name: `테스트고객사 ${code}`,
      status: 'active',
      price_sms: '10',
      price_lms: '30',
      price_mms: '80',
      price_kakao: '8',
      balance: '0',
      opt_out_080_number: null,
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createUser(db: Db, companyId: string, over: Partial<Insertable<UsersTable>> = {}) {
  return db
    .insertInto('users')
    .values({
      company_id: companyId,
      login_id: `user-${suffix()}`,
      password_hash: await testHash(),
      name: '테스트 사용자',
      phone: '01090010101',
      user_type: 'user',
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createSuperAdmin(db: Db, over: { login_id?: string; phone?: string } = {}) {
  return db
    .insertInto('super_admins')
    .values({
      login_id: over.login_id ?? `sa-${suffix()}`,
      password_hash: await testHash(),
      name: '테스트 슈퍼관리자',
      phone: over.phone ?? '01090019999',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
