import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { kstDate } from '@hanjullo/shared';
import { loadConfigOrExit } from '../src/config.js';
import { createPostgres, type Db } from '../src/db/postgres.js';
import { hashPassword } from '../src/security/passwords.js';
import { hashSecret } from '../src/security/secrets.js';
import { generateDemoCustomers, type DemoCustomer } from './demo/demo-customers.js';
import { DEMO } from './demo/demo-accounts.js';
import { adjustBalance } from '../src/modules/billing/billing.service.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/audit.service.js';
import { refreshCustomerAggregates } from '../src/modules/customers/customer-writer.js';

const LINE_GROUPS = [
  { name: '대량발송(1)', type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'], sort_order: 1 },
  { name: '대량발송(2)', type: 'bulk', tables: ['SMSQ_SEND_4', 'SMSQ_SEND_5', 'SMSQ_SEND_6'], sort_order: 2 },
  { name: '대량발송(3)', type: 'bulk', tables: ['SMSQ_SEND_7', 'SMSQ_SEND_8', 'SMSQ_SEND_9'], sort_order: 3 },
  { name: '테스트발송', type: 'test', tables: ['SMSQ_SEND_10'], sort_order: 10 },
  { name: '슈퍼관리자인증', type: 'auth', tables: ['SMSQ_SEND_11'], sort_order: 11 },
] as const;

const PLANS = [
  { code: 'BASIC', name: '베이직', max_customers: 10_000, monthly_price: '99000' },
  { code: 'PRO', name: '프로', max_customers: 100_000, monthly_price: '290000' },
  { code: 'ENTERPRISE', name: '엔터프라이즈', max_customers: 1_000_000, monthly_price: '990000' },
];

export interface SeedOptions {
  smsTables: readonly string[];
  customerCount?: number;
  /** KST plain date the demo data is relative to (purchase recency). */
  today: string;
  passwordRounds?: number;
  log?: (line: string) => void;
}

async function seedLineGroups(db: Db, smsTables: readonly string[], log: (l: string) => void) {
  const configured = new Set(smsTables);
  for (const g of LINE_GROUPS) {
    if (!g.tables.every((t) => configured.has(t))) {
      log(`line group ${g.name} skipped: ${g.tables.join(',')} not all in SMS_TABLES`);
      continue;
    }
    await db
      .insertInto('sms_line_groups')
      .values({ name: g.name, type: g.type, tables: [...g.tables], sort_order: g.sort_order })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
}

/** Idempotent demo tenant: plans, line groups, super admin, DEMO company, users, customers. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<{ companyId: string; customers: number }> {
  const log = opts.log ?? (() => undefined);
  const rounds = opts.passwordRounds ?? 10;
  for (const p of PLANS) {
    await db.insertInto('plans').values(p).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
  await seedLineGroups(db, opts.smsTables, log);
  const passwordHash = await hashPassword(DEMO.password, rounds);
  await db
    .insertInto('super_admins')
    .values({ login_id: DEMO.superAdmin.loginId, password_hash: passwordHash, name: DEMO.superAdmin.name, phone: DEMO.superAdmin.phone })
    .onConflict((oc) => oc.column('login_id').doNothing())
    .execute();

  const plan = await db.selectFrom('plans').select('id').where('code', '=', 'PRO').executeTakeFirstOrThrow();
  const group = await db.selectFrom('sms_line_groups').select('id').where('name', '=', '대량발송(1)').executeTakeFirst();
  await db
    .insertInto('companies')
    .values({
      code: DEMO.company.code,
      name: DEMO.company.name,
      business_number: '000-00-00000',
      ceo_name: '홍길동',
      contact_name: '데모 담당자',
      contact_phone: '0212345678',
      contact_email: 'demo@example.com',
      status: 'active',
      plan_id: plan.id,
      max_users: 10,
      opt_out_080_number: DEMO.company.optOut080,
      price_sms: '9.90',
      price_lms: '29.00',
      price_mms: '80.00',
      price_kakao: '7.50',
      billing_type: 'prepaid',
      balance: '0',
      sync_api_key: DEMO.company.syncKey,
      sync_secret_hash: await hashSecret(DEMO.company.syncSecret),
      use_db_sync: true,
      line_group_id: group?.id ?? null,
      store_codes: ['GN01', 'HD02', 'PG03', 'HU04'],
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const company = await db.selectFrom('companies').select('id').where('code', '=', DEMO.company.code).executeTakeFirstOrThrow();
  await seedDemoBalance(db, company.id);

  for (const u of [DEMO.companyAdmin, DEMO.marketer]) {
    await db
      .insertInto('users')
      .values({ company_id: company.id, login_id: u.loginId, password_hash: passwordHash, name: u.name, phone: u.phone, user_type: u.type })
      .onConflict((oc) => oc.column('login_id').doNothing())
      .execute();
  }
  await db
    .insertInto('callback_numbers')
    .values({ company_id: company.id, number: DEMO.company.callback, label: '대표번호', is_default: true })
    .onConflict((oc) => oc.columns(['company_id', 'number']).doNothing())
    .execute();

  const customers = generateDemoCustomers(opts.customerCount ?? 10_000, opts.today);
  await insertCustomers(db, company.id, customers);
  log(`demo company ${DEMO.company.code}: ${customers.length} customers`);
  return { companyId: company.id, customers: customers.length };
}

/** The demo's prepaid balance arrives through the ledger like any other money (once). */
async function seedDemoBalance(db: Db, companyId: string): Promise<void> {
  const ledger = await db.selectFrom('balance_transactions').select('id').where('company_id', '=', companyId).executeTakeFirst();
  if (ledger) return;
  await adjustBalance({ db }, SYSTEM_ACTOR, companyId, '1000000', '데모 초기 충전');
}

async function insertCustomers(db: Db, companyId: string, customers: DemoCustomer[]): Promise<void> {
  for (let i = 0; i < customers.length; i += 1000) {
    const chunk = customers.slice(i, i + 1000);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('customers')
        .values(chunk.map(({ purchases: _p, ...c }) => ({ ...c, company_id: companyId, total_purchase_amount: '0', source: 'seed' as const })))
        .onConflict((oc) => oc.expression(sql`company_id, COALESCE(store_code, '__NONE__'), phone`).doNothing())
        .execute();
      const purchases = chunk.flatMap((c) =>
        c.purchases.map((p, n) => ({
          ...p,
          company_id: companyId,
          customer_phone: c.phone,
          natural_key: `seed:${c.phone}:${n}`,
          source: 'seed' as const,
        })),
      );
      if (purchases.length) {
        await trx.insertInto('purchases').values(purchases).onConflict((oc) => oc.columns(['company_id', 'natural_key']).doNothing()).execute();
      }
    });
  }
  await refreshCustomerAggregates(db, companyId);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfigOrExit();
  if (config.isProduction) {
    console.error('seed-demo refuses to run with NODE_ENV=production');
    process.exit(1);
  }
  const db = createPostgres(config.databaseUrl, 2);
  try {
    await seedDemo(db, { smsTables: config.smsTables, today: kstDate(new Date()), log: (l) => console.log(`[seed] ${l}`) });
  } finally {
    await db.destroy();
  }
}
