import express, { type Express } from 'express';
import type { Insertable } from 'kysely';
import type { TestContext } from '../../../test/context.js';
import type { CustomersTable } from '../../db/schema.js';
import { errorHandler } from '../../http/error-handler.js';
import type { CompanyScope } from '../scope/scope.js';
import { targetingRoutes } from './targeting.routes.js';

/** The targeting routes alone on an app (app.ts mounts them for real). */
export function targetingApp(ctx: TestContext): Express {
  const app = express();
  app.use((req, _res, next) => {
    // errorHandler logs unknown errors through pino-http's req.log
    req.log = ctx.deps.logger as typeof req.log;
    next();
  });
  app.use(express.json());
  app.use(targetingRoutes(ctx.deps));
  app.use(errorHandler);
  return app;
}

export type CustomerSeed = Omit<Partial<Insertable<CustomersTable>>, 'company_id'> & { phone: string };

export async function addCustomers(ctx: TestContext, companyId: string, rows: readonly CustomerSeed[]): Promise<void> {
  if (rows.length === 0) return;
  await ctx.deps.db
    .insertInto('customers')
    .values(rows.map((r) => ({ total_purchase_amount: '0', sms_opt_in: true, ...r, company_id: companyId })))
    .execute();
}

export async function addOptOutPhones(ctx: TestContext, companyId: string, phones: readonly string[]): Promise<void> {
  if (phones.length === 0) return;
  await ctx.deps.db.insertInto('opt_outs').values(phones.map((phone) => ({ company_id: companyId, phone, source: 'manual' as const }))).execute();
}

export const scopeOf = (companyId: string, storeCodes: string[] | null = null): CompanyScope => ({
  companyId,
  storeCodes,
  userId: null,
  role: 'company_user',
});

/** A valid mobile number from a small integer (010 + 8 digits). */
export const phoneOf = (n: number) => `010${String(n).padStart(8, '0')}`;
