import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetFilter, kstDate, type CustomFieldType } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompany } from '../../../test/factories.js';
import { AppError } from '../../errors.js';
import { compileFilter, escapeLike, type CompileContext } from './compile-filter.js';
import { addCustomers, phoneOf, type CustomerSeed } from './targeting.test-helpers.js';

let ctx: TestContext;
let companyA: string;
let companyB: string;

const CUSTOM: ReadonlyMap<string, CustomFieldType> = new Map([
  ['custom_1', 'number'], ['custom_2', 'date'], ['custom_3', 'boolean'], ['custom_4', 'string'],
] as const);

// name → the customer's other fields; names are unique and what the cases expect back
const FIXTURE: Record<string, Omit<CustomerSeed, 'phone' | 'name'>> = {
  김하나: { gender: 'F', birth_date: '1996-06-15', birth_month_day: '06-15', grade: 'VIP', region: '서울', points: 1000, store_code: 'S1',
    recent_purchase_date: '2026-11-30', total_purchase_amount: '500000', purchase_count: 10, registered_at: '2025-01-01',
    custom_1: '12', custom_2: '2025-03-01', custom_3: 'Y', custom_4: '골프_회원' },
  이둘: { gender: 'M', birth_date: '1996-06-16', birth_month_day: '06-16', grade: 'GOLD', region: '부산', points: 0, store_code: 'S2',
    recent_purchase_date: '2026-10-31', total_purchase_amount: '100000', purchase_count: 2, registered_at: '2025-06-30',
    custom_1: '1,500', custom_2: '2025.04.01', custom_3: 'n', custom_4: '골프회원' },
  '100%할인': { birth_date: '1986-06-16', birth_month_day: '06-16', recent_purchase_date: '2026-10-30',
    custom_1: 'abc', custom_2: '20250501', custom_3: '예' },
  '박_넷': { gender: 'F', birth_date: '1986-06-15', birth_month_day: '06-15', grade: 'VIP', region: '서울', points: 5000, store_code: 'S1',
    custom_1: '', custom_2: 'soon', custom_4: 'tennis' },
  최다섯: { gender: 'F', birth_month_day: '01-31', grade: 'SILVER', recent_purchase_date: '2026-05-31', custom_1: ' 3 ', custom_2: '2025-13-45' },
  정여섯: { gender: 'M', birth_date: '2000-02-01', birth_month_day: '02-01', grade: 'VIP', custom_1: '-7.5' },
  // birth date without the month-day column (older rows): the birthday month still comes from birth_date
  강일곱: { gender: 'M', birth_date: '2000-01-15' },
};
const ALL = Object.keys(FIXTURE);

beforeAll(async () => {
  ctx = await createTestContext();
  companyA = (await createCompany(ctx.deps.db)).id;
  companyB = (await createCompany(ctx.deps.db)).id;
  const rows = Object.entries(FIXTURE).map(([name, r], i) => ({ ...r, name, phone: phoneOf(1000 + i) }));
  await addCustomers(ctx, companyA, rows);
  // another company with the same people: never selected by company A's filters
  await addCustomers(ctx, companyB, rows.map((r, i) => ({ ...r, phone: phoneOf(2000 + i) })));
});
afterAll(async () => {
  await ctx?.close();
});

async function namesFor(filterInput: unknown, today = '2026-11-30', customFields = CUSTOM): Promise<string[]> {
  const filter = TargetFilter.parse(filterInput);
  const compileCtx: CompileContext = { today, customFields };
  const rows = await ctx.deps.db
    .selectFrom('customers')
    .select('name')
    .where('company_id', '=', companyA)
    .where((eb) => compileFilter(eb, filter, compileCtx))
    .execute();
  return rows.map((r) => r.name ?? '').sort();
}
const one = (field: string, operator: string, value: unknown) => ({ op: 'and', conditions: [{ field, operator, value }] });
const sorted = (names: string[]) => [...names].sort();

describe('compileFilter', () => {
  it.each<[string, unknown, string[], string?]>([
    ['all customers', { all: true }, ALL],
    ['gender eq', one('gender', 'eq', 'F'), ['김하나', '박_넷', '최다섯']],
    ['gender neq includes unknown gender', one('gender', 'neq', 'F'), ['이둘', '100%할인', '정여섯', '강일곱']],
    ['gender in', one('gender', 'in', ['M']), ['이둘', '정여섯', '강일곱']],
    ['grade in', one('grade', 'in', ['VIP', 'GOLD']), ['김하나', '이둘', '박_넷', '정여섯']],
    ['grade neq includes no grade', one('grade', 'neq', 'VIP'), ['이둘', '100%할인', '최다섯', '강일곱']],
    ['region eq', one('region', 'eq', '서울'), ['김하나', '박_넷']],
    ['store_code in', one('store_code', 'in', ['S2']), ['이둘']],
    ['points gte', one('points', 'gte', 1000), ['김하나', '박_넷']],
    ['points lte', one('points', 'lte', 0), ['이둘']],
    ['points between', one('points', 'between', { from: 1, to: 5000 }), ['김하나', '박_넷']],
    ['points eq 0', one('points', 'eq', 0), ['이둘']],
    ['total amount gte', one('total_purchase_amount', 'gte', 100000), ['김하나', '이둘']],
    ['purchase count between', one('purchase_count', 'between', { from: 1, to: 5 }), ['이둘']],
    ['registered_at eq', one('registered_at', 'eq', '2025-01-01'), ['김하나']],
    ['registered_at gte', one('registered_at', 'gte', '2025-06-01'), ['이둘']],
    ['days_within 30 includes exactly 30 days ago', one('recent_purchase_date', 'days_within', 30), ['김하나', '이둘']],
    ['days_within 31 reaches one more day', one('recent_purchase_date', 'days_within', 31), ['김하나', '이둘', '100%할인']],
    ['days_not_within 30 includes never purchased', one('recent_purchase_date', 'days_not_within', 30), ['100%할인', '박_넷', '최다섯', '정여섯', '강일곱']],
    ['date between', one('recent_purchase_date', 'between', { from: '2026-10-30', to: '2026-10-31' }), ['이둘', '100%할인']],
    ['name contains', one('name', 'contains', '하나'), ['김하나']],
    ['contains % literally', one('name', 'contains', '0%'), ['100%할인']],
    ['contains _ literally', one('name', 'contains', '_'), ['박_넷']],
    ['name eq', one('name', 'eq', '이둘'), ['이둘']],
    ['age band 30–39 on a birthday', one('age', 'age_band', { from: 30, to: 39 }), ['김하나', '100%할인'], '2026-06-15'],
    ['age gte 40 on the 40th birthday', one('age', 'gte', 40), ['박_넷'], '2026-06-15'],
    ['age lte 29', one('age', 'lte', 29), ['이둘', '정여섯', '강일곱'], '2026-06-15'],
    ['birthday month 6', one('birth_month', 'birthday_month', 6), ['김하나', '이둘', '100%할인', '박_넷']],
    ['custom number gte (commas, non-numbers ignored)', one('custom_1', 'gte', 10), ['김하나', '이둘']],
    ['custom number lte negative', one('custom_1', 'lte', 0), ['정여섯']],
    ['custom number between (spaces trimmed)', one('custom_1', 'between', { from: 1, to: 12 }), ['김하나', '최다섯']],
    ['custom number neq includes blanks', one('custom_1', 'neq', 12), ALL.filter((n) => n !== '김하나')],
    ['custom number in', one('custom_1', 'in', [3, 1500]), ['이둘', '최다섯']],
    ['custom date gte (several spellings)', one('custom_2', 'gte', '2025-04-01'), ['이둘', '100%할인', '최다섯']],
    ['custom date lte', one('custom_2', 'lte', '2025-03-31'), ['김하나']],
    ['custom date days_not_within', one('custom_2', 'days_not_within', 365), ['김하나', '이둘', '100%할인', '박_넷', '정여섯', '강일곱']],
    ['custom boolean true', one('custom_3', 'eq', true), ['김하나', '100%할인']],
    ['custom boolean false', one('custom_3', 'eq', false), ['이둘']],
    ['custom string contains _ literally', one('custom_4', 'contains', '_'), ['김하나']],
    ['custom string in', one('custom_4', 'in', ['tennis', '골프회원']), ['이둘', '박_넷']],
    ['nested or of ands', {
      op: 'or',
      conditions: [
        { op: 'and', conditions: [{ field: 'gender', operator: 'eq', value: 'F' }, { field: 'grade', operator: 'eq', value: 'VIP' }] },
        { op: 'and', conditions: [{ field: 'gender', operator: 'eq', value: 'M' }, { field: 'points', operator: 'eq', value: 0 }] },
      ],
    }, ['김하나', '이둘', '박_넷']],
  ])('%s', async (_name, filter, expected, today) => {
    expect(await namesFor(filter, today)).toEqual(sorted(expected));
  });

  it('resolves "this month" from the KST date at month edges', async () => {
    const filter = one('birth_month', 'birthday_month', 'this_month');
    // 2026-01-31 23:30 KST: still January
    expect(await namesFor(filter, kstDate(new Date('2026-01-31T14:30:00Z')))).toEqual(sorted(['최다섯', '강일곱']));
    // 2026-02-01 00:30 KST (still Jan 31 in UTC): February
    expect(await namesFor(filter, kstDate(new Date('2026-01-31T15:30:00Z')))).toEqual(['정여섯']);
  });

  it('moves days_within with the KST day, not the UTC day', async () => {
    const filter = one('recent_purchase_date', 'days_within', 1);
    // 2026-12-01 08:59 KST is 2026-11-30 in UTC: "yesterday" is 11-30 → 김하나 only
    expect(await namesFor(filter, kstDate(new Date('2026-11-30T23:59:00Z')))).toEqual(['김하나']);
    // 2026-12-02 00:00 KST: 11-30 is two days ago
    expect(await namesFor(filter, kstDate(new Date('2026-12-01T15:00:00Z')))).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a custom field the company has not set up', one('custom_5', 'eq', 'x'), '설정되어 있지 않습니다'],
    ['text for a number field', one('custom_1', 'eq', 'twelve'), '숫자여야'],
    ['a number for a date field', one('custom_2', 'gte', 5), '날짜'],
    ['contains on a yes/no field', one('custom_3', 'contains', 'Y'), '조건을 쓸 수 없습니다'],
    ['gte on a text field', one('custom_4', 'gte', 5), '조건을 쓸 수 없습니다'],
  ])('refuses %s with 400', async (_name, filter, message) => {
    const err = await namesFor(filter).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).message).toContain(message);
  });

  it('refuses hand-built ASTs that skipped the parser (empty group, unknown field)', () => {
    const eb = ctx.deps.db.selectFrom('customers');
    const ctx0: CompileContext = { today: '2026-11-30', customFields: CUSTOM };
    for (const bad of [
      { op: 'and', conditions: [] },
      { op: 'and', conditions: [{ field: '__proto__', operator: 'eq', value: 'x' }] },
      { op: 'and', conditions: [{ field: 'customers; DROP TABLE customers', operator: 'eq', value: 'x' }] },
      {},
    ]) {
      expect(() => eb.where((e) => compileFilter(e, bad as unknown as TargetFilter, ctx0)).compile()).toThrow(AppError);
    }
  });

  it('binds every value as a parameter and never writes it into the SQL text', async () => {
    const evil = `'; DROP TABLE customers; --`;
    const filter = TargetFilter.parse({ op: 'or', conditions: [
      { field: 'grade', operator: 'eq', value: evil },
      { field: 'name', operator: 'contains', value: evil },
      { field: 'custom_4', operator: 'in', value: [evil] },
    ] });
    const query = ctx.deps.db.selectFrom('customers').select('name').where('company_id', '=', companyA)
      .where((eb) => compileFilter(eb, filter, { today: '2026-11-30', customFields: CUSTOM }));
    const compiled = query.compile();
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.parameters).toContain(evil);
    expect(await query.execute()).toEqual([]);
    const count = await ctx.deps.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(ALL.length * 2);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('never selects another company’s customers', async () => {
    const rows = await ctx.deps.db.selectFrom('customers').select('phone').where('company_id', '=', companyB).execute();
    expect(rows).toHaveLength(ALL.length);
    expect(await namesFor({ all: true })).toHaveLength(ALL.length);
  });
});
