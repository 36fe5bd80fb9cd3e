import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { arrayLiteral } from './customer-writer.repo.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

/** What PostgreSQL reads from our literal and from node-postgres' own encoding of the same JS array. */
async function bothWays(values: unknown[], type: string) {
  const r = await sql<{ ours: unknown[] | null; theirs: unknown[] | null }>`
    SELECT ${arrayLiteral(values)}::${sql.raw(`${type}[]`)} AS ours, ${values}::${sql.raw(`${type}[]`)} AS theirs`.execute(ctx.deps.db);
  return r.rows[0]!;
}

describe('arrayLiteral', () => {
  it('is read by PostgreSQL exactly as node-postgres encodes the same array, for every kind of text', async () => {
    const texts = [
      '홍길동', '', ' ', '  앞뒤 공백  ', 'NULL', 'null', 'a,b', '{x}', 'say "hi"', 'back\\slash', '\\"', '"', '\\',
      'line\nbreak', 'tab\there', 'cr\rlf', '\u0001ctl', '\u2028sep', '이모지 😀', '\ud800 lone', 'x'.repeat(600), null, undefined,
    ];
    const { ours, theirs } = await bothWays(texts, 'text');
    expect(ours).toEqual(theirs);
    // a lone surrogate cannot travel as UTF-8 either way: it arrives as U+FFFD
    expect(ours).toEqual([...texts.slice(0, -1), null].map((t) => (t === '\ud800 lone' ? '\ufffd lone' : t)));
  });

  it('keeps numbers, booleans, dates and nulls as node-postgres does', async () => {
    for (const [values, type] of [
      [[1, -2, 0, 1900, null, 2100], 'smallint'],
      [[0, 123456789, -1, null], 'integer'],
      [[0, 12.5, -0.01, 1234567890.12, 1e-7, null, 50000], 'numeric'],
      [[true, false, null], 'boolean'],
      [['2026-11-30', '1900-01-01', null], 'date'],
      [[], 'text'],
    ] as const) {
      const { ours, theirs } = await bothWays([...values], type);
      expect(ours, type).toEqual(theirs);
    }
  });

  it('refuses what node-postgres refuses (a bad value fails the statement alike)', async () => {
    for (const [values, type] of [
      [[1, Number.NaN], 'integer'],
      [['not a date'], 'date'],
      [[1800.5], 'smallint'],
    ] as const) {
      await expect(sql`SELECT ${arrayLiteral([...values])}::${sql.raw(`${type}[]`)}`.execute(ctx.deps.db), type).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
      await expect(sql`SELECT ${[...values]}::${sql.raw(`${type}[]`)}`.execute(ctx.deps.db), type).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
    }
  });
});
