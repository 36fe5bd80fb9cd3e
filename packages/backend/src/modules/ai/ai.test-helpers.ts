import { sql } from 'kysely';
import type { TestContext } from '../../../test/context.js';
import { generateDemoCustomers } from '../../../scripts/demo/demo-customers.js';

/** Demo customers (the seed generator) in a test company, every 9th phone opted out. */
export async function seedDemoCustomers(ctx: TestContext, companyId: string, count: number, today: string): Promise<void> {
  const customers = generateDemoCustomers(count, today);
  for (let i = 0; i < customers.length; i += 500) {
    await ctx.deps.db
      .insertInto('customers')
      .values(customers.slice(i, i + 500).map(({ purchases: _p, ...c }) => ({ ...c, company_id: companyId, total_purchase_amount: '0', source: 'seed' as const })))
      .execute();
  }
  await sql`
    INSERT INTO opt_outs (company_id, phone, source)
    SELECT company_id, phone, 'manual' FROM customers WHERE company_id = ${companyId} AND right(phone, 4)::int % 9 = 0`.execute(ctx.deps.db);
}
