import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.js';
import { seedDemo } from './seed-demo.js';
import { DEMO } from './demo/demo-accounts.js';
import { verifyPassword } from '../src/security/passwords.js';
import { verifySecret } from '../src/security/secrets.js';
import { numberedSmsTables } from '@hanjullo/shared';

let ctx: TestContext;
const smsTables = numberedSmsTables(11);
beforeAll(async () => {
  ctx = await createTestContext({ smsTables });
});
afterAll(async () => {
  await ctx?.close();
});

describe('seedDemo', () => {
  it('creates the demo tenant once; a second run changes nothing', async () => {
    const opts = { smsTables, today: '2026-11-29', passwordRounds: 4 };
    const first = await seedDemo(ctx.deps.db, opts);
    await seedDemo(ctx.deps.db, opts);
    const db = ctx.deps.db;
    const counts = async () => ({
      companies: (await db.selectFrom('companies').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      users: (await db.selectFrom('users').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      customers: (await db.selectFrom('customers').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      purchases: (await db.selectFrom('purchases').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      groups: (await db.selectFrom('sms_line_groups').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
    });
    const c = await counts();
    expect(c).toMatchObject({ companies: '1', users: '2', customers: '10000', groups: '5' });
    expect(Number(c.purchases)).toBeGreaterThan(5000);

    const company = await db.selectFrom('companies').selectAll().where('id', '=', first.companyId).executeTakeFirstOrThrow();
    expect(company).toMatchObject({ code: 'DEMO', name: '데모상사', status: 'active', opt_out_080_number: '0807196700', use_db_sync: true });
    // the demo balance arrives through the ledger, once
    expect(company.balance).toBe('1000000.00');
    const ledger = await db.selectFrom('balance_transactions').select(['kind', 'delta', 'balance_after']).where('company_id', '=', company.id).execute();
    expect(ledger).toEqual([{ kind: 'adjust', delta: '1000000.00', balance_after: '1000000.00' }]);
    expect(company.sync_secret_hash).not.toContain(DEMO.company.syncSecret);
    expect(await verifySecret(DEMO.company.syncSecret, company.sync_secret_hash!)).toBe(true);
    expect(await verifySecret('wrong', company.sync_secret_hash!)).toBe(false);

    const group = await db.selectFrom('sms_line_groups').selectAll().where('id', '=', company.line_group_id!).executeTakeFirstOrThrow();
    expect(group).toMatchObject({ name: '대량발송(1)', type: 'bulk', tables: ['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_3'] });
    const test = await db.selectFrom('sms_line_groups').selectAll().where('type', '=', 'test').executeTakeFirstOrThrow();
    expect(test.tables).toEqual(['SMSQ_SEND_10']);

    const admin = await db.selectFrom('users').selectAll().where('login_id', '=', 'demo-admin').executeTakeFirstOrThrow();
    expect(admin.user_type).toBe('admin');
    expect(admin.password_hash).toMatch(/^\$2[aby]\$/);
    expect(await verifyPassword('Hanjul!2026', admin.password_hash)).toBe(true);
    const sa = await db.selectFrom('super_admins').selectAll().where('login_id', '=', 'superadmin').executeTakeFirstOrThrow();
    expect(await verifyPassword('Hanjul!2026', sa.password_hash)).toBe(true);
  });

  it('keeps purchase aggregates consistent with the purchases table and plain dates unshifted', async () => {
    const db = ctx.deps.db;
    const { rows: mismatches } = await sql`
      SELECT c.id FROM customers c
      LEFT JOIN (SELECT customer_id, count(*)::int AS n, max(purchase_date) AS last FROM purchases GROUP BY customer_id) p
        ON p.customer_id = c.id
      WHERE c.purchase_count <> COALESCE(p.n, 0) OR c.recent_purchase_date IS DISTINCT FROM p.last`.execute(db);
    expect(mismatches).toEqual([]);
    const sample = await db.selectFrom('customers').select(['birth_date', 'birth_month_day']).where('phone', '=', '01090000000').executeTakeFirstOrThrow();
    expect(sample.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sample.birth_date?.slice(5)).toBe(sample.birth_month_day);
  });
});
