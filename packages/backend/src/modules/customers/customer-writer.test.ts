import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedCustomer, NormalizedPurchase } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany } from '../../../test/factories.js';
import type { Actor } from '../audit/audit.service.js';
import { purchaseNaturalKey, refreshCustomerAggregates, upsertCustomers, upsertPurchases } from './customer-writer.js';

let ctx: TestContext;
const actor: Actor = { type: 'system', id: null };
const phone = (n: number) => `010${String(n).padStart(8, '0')}`;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

async function company() {
  return (await createCompany(ctx.deps.db)).id;
}
const customer = (companyId: string, p: string, storeCode: string | null = null) => {
  let q = ctx.deps.db.selectFrom('customers').selectAll().where('company_id', '=', companyId).where('phone', '=', p);
  q = storeCode === null ? q.where('store_code', 'is', null) : q.where('store_code', '=', storeCode);
  return q.executeTakeFirstOrThrow();
};
const optOuts = (companyId: string) =>
  ctx.deps.db.selectFrom('opt_outs').select(['phone', 'source']).where('company_id', '=', companyId).orderBy('phone').execute();

describe('upsertCustomers', () => {
  it('inserts, then overwrites with non-null values, never erases with missing ones, merges custom fields', async () => {
    const c = await company();
    const first = await upsertCustomers(ctx.deps, actor, c, [
      { phone: phone(1), name: '홍길동', grade: 'VIP', region: '서울', points: 10, custom_fields: { custom_1: 'A', custom_2: 'B' } },
    ], { source: 'upload', consentDefault: true });
    expect(first).toEqual({ inserted: 1, updated: 0, unchanged: 0, failed: [] });
    const second = await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1), grade: '골드', custom_fields: { custom_2: 'C', custom_3: 'D' } }], { source: 'sync' });
    expect(second).toEqual({ inserted: 0, updated: 1, unchanged: 0, failed: [] });
    const row = await customer(c, phone(1));
    expect(row).toMatchObject({ name: '홍길동', grade: '골드', region: '서울', points: 10, custom_1: 'A', custom_2: 'C', custom_3: 'D', source: 'upload' });
    const third = await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1), grade: '골드' }], { source: 'sync' });
    expect(third).toEqual({ inserted: 0, updated: 0, unchanged: 1, failed: [] });
  });

  it('sets consent only on insert (row value, else consentDefault, else false) and never changes it by sync or upload', async () => {
    const c = await company();
    await upsertCustomers(ctx.deps, actor, c, [
      { phone: phone(1), sms_opt_in: true },
      { phone: phone(2) },
      { phone: phone(3), sms_opt_in: false },
    ], { source: 'upload', consentDefault: true });
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(4) }], { source: 'sync' });
    expect((await customer(c, phone(1))).sms_opt_in).toBe(true);
    expect((await customer(c, phone(2))).sms_opt_in).toBe(true);
    expect((await customer(c, phone(3))).sms_opt_in).toBe(false);
    expect((await customer(c, phone(4))).sms_opt_in).toBe(false);

    // a sync never re-subscribes anyone
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(3), sms_opt_in: true, name: '김' }], { source: 'sync' });
    const row3 = await customer(c, phone(3));
    expect(row3.sms_opt_in).toBe(false);
    expect(row3.name).toBe('김');
    // …and a manual edit may change it
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(4), sms_opt_in: true }], { source: 'manual' });
    expect((await customer(c, phone(4))).sms_opt_in).toBe(true);
  });

  it('puts an explicit refusal on the opt-out list in the same write, with the source of the path', async () => {
    const c = await company();
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1) }], { source: 'sync' });
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1), sms_opt_in: false }, { phone: phone(2), sms_opt_in: true }], { source: 'sync' });
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(3), sms_opt_in: false }], { source: 'upload' });
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(4), sms_opt_in: false }], { source: 'manual' });
    expect(await optOuts(c)).toEqual([
      { phone: phone(1), source: 'sync' },
      { phone: phone(3), source: 'upload' },
      { phone: phone(4), source: 'customer' },
    ]);
  });

  it('keeps the same phone under different store codes apart, and merges duplicate keys of one call (last wins)', async () => {
    const c = await company();
    const rows: NormalizedCustomer[] = [
      { phone: phone(1), name: 'A' },
      { phone: phone(1), store_code: 'S1', name: 'B', custom_fields: { custom_1: 'x' } },
      { phone: phone(1), store_code: 'S1', grade: 'VIP', custom_fields: { custom_2: 'y' } },
      { phone: phone(1), name: 'C' },
    ];
    const r = await upsertCustomers(ctx.deps, actor, c, rows, { source: 'sync' });
    expect(r).toEqual({ inserted: 2, updated: 0, unchanged: 2, failed: [] });
    expect(await customer(c, phone(1))).toMatchObject({ name: 'C' });
    expect(await customer(c, phone(1), 'S1')).toMatchObject({ name: 'B', grade: 'VIP', custom_1: 'x', custom_2: 'y' });
  });

  it('writes in chunks of 1,000 and reports a bad row alone while storing the rest', async () => {
    const c = await company();
    const rows: NormalizedCustomer[] = Array.from({ length: 2500 }, (_, i) => ({ phone: phone(i + 1), name: `고객${i}` }));
    // bypasses the normaliser on purpose: the database refuses birth_year 1800
    rows[1200] = { phone: phone(1201), birth_year: 1800 };
    const r = await upsertCustomers(ctx.deps, actor, c, rows, { source: 'upload' });
    expect(r.inserted).toBe(2499);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]).toMatchObject({ index: 1200, phone: phone(1201) });
    expect(r.failed[0]?.reason).toContain('저장할 수 없는 값');
    const count = await ctx.deps.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', c).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2499);
  });

  it('keeps aggregates sent by the source, and does not reset them when a later batch omits them', async () => {
    const c = await company();
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1), total_purchase_amount: 50000, purchase_count: 3 }], { source: 'sync' });
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1), name: '이름' }], { source: 'sync' });
    expect(await customer(c, phone(1))).toMatchObject({ total_purchase_amount: '50000.00', purchase_count: 3, name: '이름' });
  });
});

describe('upsertPurchases', () => {
  const purchase = (p: string, over: Partial<NormalizedPurchase> = {}): NormalizedPurchase => ({
    customer_phone: p, purchase_date: '2025-12-17', total_amount: 10000, quantity: 1, product_code: 'P1', store_code: 'S1', store_name: '강남점', ...over,
  });

  it('skips a re-sent batch and keeps the customer aggregates right', async () => {
    const c = await company();
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1), store_code: 'S1' }, { phone: phone(2) }], { source: 'sync' });
    const batch = [
      purchase(phone(1)),
      purchase(phone(1), { purchase_date: '2025-12-20', total_amount: 30000, store_name: '홍대점' }),
      purchase(phone(2), { store_code: undefined }),
    ];
    expect(await upsertPurchases(ctx.deps, actor, c, batch, 'sync')).toEqual({ inserted: 3, duplicates: 0, failed: [] });
    expect(await upsertPurchases(ctx.deps, actor, c, batch, 'sync')).toEqual({ inserted: 0, duplicates: 3, failed: [] });
    const n = await ctx.deps.db.selectFrom('purchases').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', c).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
    expect(await customer(c, phone(1), 'S1')).toMatchObject({
      purchase_count: 2, total_purchase_amount: '40000.00', recent_purchase_date: '2025-12-20', recent_purchase_amount: '30000.00', recent_purchase_store: '홍대점',
    });
    expect(await customer(c, phone(2))).toMatchObject({ purchase_count: 1, total_purchase_amount: '10000.00' });
  });

  it('links purchases that arrived before their customer when the customer is written', async () => {
    const c = await company();
    await upsertPurchases(ctx.deps, actor, c, [purchase(phone(7))], 'sync');
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(7), store_code: 'S1' }], { source: 'sync' });
    expect(await customer(c, phone(7), 'S1')).toMatchObject({ purchase_count: 1, total_purchase_amount: '10000.00', recent_purchase_date: '2025-12-17' });
  });

  it('derives the natural key from phone, date, store, product, amount and quantity', () => {
    const a = purchase(phone(1));
    expect(purchaseNaturalKey(a)).toBe(purchaseNaturalKey({ ...a, product_name: '다른 이름' }));
    expect(purchaseNaturalKey(a)).not.toBe(purchaseNaturalKey({ ...a, quantity: 2 }));
    expect(purchaseNaturalKey(a)).not.toBe(purchaseNaturalKey({ ...a, total_amount: 10001 }));
  });

  it('refreshes only the customers it is given', async () => {
    const c = await company();
    await upsertCustomers(ctx.deps, actor, c, [{ phone: phone(1) }, { phone: phone(2) }], { source: 'sync' });
    await ctx.deps.db.insertInto('purchases').values([
      { company_id: c, customer_phone: phone(1), purchase_date: '2025-01-01', total_amount: '100', natural_key: 'k1' },
      { company_id: c, customer_phone: phone(2), purchase_date: '2025-01-01', total_amount: '200', natural_key: 'k2' },
    ]).execute();
    await refreshCustomerAggregates(ctx.deps.db, c, [phone(1)]);
    expect((await customer(c, phone(1))).purchase_count).toBe(1);
    expect((await customer(c, phone(2))).purchase_count).toBe(0);
    await refreshCustomerAggregates(ctx.deps.db, c);
    expect((await customer(c, phone(2))).purchase_count).toBe(1);
  });
});
