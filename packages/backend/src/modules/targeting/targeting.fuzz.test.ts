import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'kysely';
import { mulberry32, type FilterCondition, type FilterGroup, type TargetFilter } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createCompanyWithUsers } from '../../../test/auth-helpers.js';
import { previewTarget } from './targeting.service.js';
import { scopeOf, targetingApp } from './targeting.test-helpers.js';

/**
 * Lesson 23 (R4): SQL injection through filter keys and values. Seeded random filters — nested
 * AND/OR groups, hostile strings in every value slot — run against a real company: every answer is
 * a count equal to the same filter evaluated in JS, or a 400; never a database error, and the
 * tables are intact afterwards. Random JSON (not filters at all) only ever gets 400.
 */

let ctx: TestContext;
let app: Express;
let companyId: string;
let token: string;
const NOW = new Date('2026-11-30T03:00:00Z');

const HOSTILE = [
  "'; DROP TABLE customers; --", '" OR 1=1 --', "%' OR '1'='1", '\\', '\\\\\'', '$1', '%', '_', '*/ SELECT 1 /*',
  'VIP', 'GOLD', '서울', '부산', 'S1', '고객1', '객', '', ' ', '\u0000', '🙂', 'a'.repeat(300), 'NULL', '${x}', ')',
];
const GRADES = ['VIP', 'GOLD', 'SILVER', 'BASIC'];
const REGIONS = ['서울', '부산', '대구'];
const STORES = ['S1', 'S2'];

interface Row { phone: string; name: string; gender: string | null; grade: string | null; region: string | null; store_code: string | null; sms_opt_in: boolean }

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** A random value for a text slot: real codes most of the time, hostile text otherwise. */
function textValue(rand: () => number, real: readonly string[]): string {
  return rand() < 0.6 ? pick(rand, real) : pick(rand, HOSTILE);
}

function randomCondition(rand: () => number): FilterCondition {
  const which = Math.floor(rand() * 5);
  if (which === 0) return { field: 'gender', operator: rand() < 0.5 ? 'eq' : 'neq', value: pick(rand, ['F', 'M']) };
  const [field, real] = which === 1 ? ['grade', GRADES] as const : which === 2 ? ['region', REGIONS] as const : ['store_code', STORES] as const;
  if (which === 4) return { field: 'name', operator: 'contains', value: textValue(rand, ['고객1', '객', '2']) };
  const r = rand();
  if (r < 0.4) return { field, operator: 'eq', value: textValue(rand, real) };
  if (r < 0.6) return { field, operator: 'neq', value: textValue(rand, real) };
  return { field, operator: 'in', value: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => textValue(rand, real)) };
}

function randomGroup(rand: () => number, depth: number): FilterGroup {
  const conditions: Array<FilterCondition | FilterGroup> = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) conditions.push(depth < 3 && rand() < 0.3 ? randomGroup(rand, depth + 1) : randomCondition(rand));
  return { op: rand() < 0.5 ? 'and' : 'or', conditions };
}

/** The filter's meaning, written independently of the SQL compiler: NULL never matches, except that
 * "not X" includes customers without a value ("VIP가 아닌 고객" includes those without a grade). */
function matches(row: Row, node: FilterCondition | FilterGroup): boolean {
  if ('op' in node) return node.op === 'and' ? node.conditions.every((c) => matches(row, c)) : node.conditions.some((c) => matches(row, c));
  const value = row[node.field as keyof Row] as string | null;
  if (node.operator === 'neq') return value !== node.value;
  if (node.operator === 'contains') return value !== null && value.includes(String(node.value));
  if (value === null) return false;
  if (node.operator === 'eq') return value === node.value;
  if (node.operator === 'in') return (node.value as string[]).includes(value);
  throw new Error(`operator not modelled: ${node.operator}`);
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.deps.now = () => NOW;
  app = targetingApp(ctx);
  const company = await createCompanyWithUsers(ctx);
  companyId = company.companyId;
  token = company.user.token;
  await sql`
    INSERT INTO customers (company_id, phone, name, gender, grade, region, store_code, sms_opt_in, total_purchase_amount)
    SELECT ${companyId}, '010' || lpad((i % 470)::text, 8, '0'), '고객' || i,
      (ARRAY['F', 'M', NULL])[i % 3 + 1], (ARRAY['VIP', 'GOLD', 'SILVER', 'BASIC', NULL])[i % 5 + 1],
      (ARRAY['서울', '부산', '대구', NULL])[i % 4 + 1], (ARRAY['S1', 'S2', NULL])[i % 3 + 1], i % 6 <> 0, 0
    FROM generate_series(0, 499) AS i`.execute(ctx.deps.db);
  await sql`INSERT INTO opt_outs (company_id, phone, source)
    SELECT ${companyId}, '010' || lpad(i::text, 8, '0'), 'manual' FROM generate_series(0, 469, 9) AS i`.execute(ctx.deps.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('target filters under fuzzing (lesson 23)', () => {
  it('300 random filters with hostile values: every count equals the JS evaluation, the tables stay intact', async () => {
    const rows = await ctx.deps.db.selectFrom('customers').select(['phone', 'name', 'gender', 'grade', 'region', 'store_code', 'sms_opt_in'])
      .where('company_id', '=', companyId).execute() as Row[];
    const optedOut = new Set((await ctx.deps.db.selectFrom('opt_outs').select('phone').where('company_id', '=', companyId).execute()).map((r) => r.phone));
    const rand = mulberry32(23);
    let refused = 0;
    let nonEmpty = 0;
    for (let i = 0; i < 300; i++) {
      const filter: TargetFilter = randomGroup(rand, 1);
      const isAd = rand() < 0.5;
      const result = await previewTarget(ctx.deps, scopeOf(companyId), filter, { isAd }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (result instanceof Error) {
        // only a validation refusal (e.g. a 300-character value) is acceptable — never a DB error
        expect((result as { status?: number }).status, `${result.message} for ${JSON.stringify(filter)}`).toBe(400);
        refused++;
        continue;
      }
      const matched = rows.filter((r) => matches(r, filter));
      const eligible = matched.filter((r) => !optedOut.has(r.phone) && (!isAd || r.sms_opt_in));
      expect({ matched: result.matched, final: result.final }, JSON.stringify(filter)).toEqual({
        matched: matched.length, final: new Set(eligible.map((r) => r.phone)).size,
      });
      if (result.final > 0) nonEmpty++;
    }
    // the generator must exercise both real matches and refusals, or it proves little
    expect(nonEmpty).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(0);
    const counts = await sql<{ c: string; o: string }>`
      SELECT (SELECT count(*) FROM customers WHERE company_id = ${companyId}) AS c,
             (SELECT count(*) FROM opt_outs WHERE company_id = ${companyId}) AS o`.execute(ctx.deps.db);
    expect(counts.rows[0]).toEqual({ c: '500', o: '53' });
  }, 120_000);

  it('random JSON in place of a filter gets 400, never 500', async () => {
    const rand = mulberry32(2323);
    const atoms = [null, true, 0, -1, Number.MAX_VALUE, 'x', "'; DROP TABLE customers; --", [], {}, { all: false }, { all: 'true' }, { op: 'xor', conditions: [] }];
    const junk = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.4) return pick(rand, atoms);
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 3) }, () => junk(depth + 1));
      const keys = ['op', 'conditions', 'field', 'operator', 'value', 'all', '__proto__', 'constructor', "name'; --"];
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => [pick(rand, keys), junk(depth + 1)]));
    };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 150; i++) {
      const res = await request(app).post('/api/targeting/preview').set({ Authorization: `Bearer ${token}` }).send({ filter: junk(0), isAd: true });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBe(400);
    }
    expect(statuses.get(400)).toBe(150);
  }, 120_000);
});
