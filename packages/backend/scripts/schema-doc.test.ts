import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.js';
import { renderSchemaDoc, SCHEMA_DOC_PATH } from './schema-doc.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('SCHEMA.md', () => {
  it('matches a freshly migrated database (run `pnpm db:schema-doc` after changing migrations)', async () => {
    const doc = await renderSchemaDoc(ctx.config.databaseUrl, ctx.config.mysqlAdminUrl, ctx.config.smsTables[0]!);
    expect(doc).toContain('### customers');
    expect(doc).toContain('| app_etc1 | varchar(50) | yes |');
    expect(readFileSync(SCHEMA_DOC_PATH, 'utf8')).toBe(doc);
  });
});
