import express, { type Express } from 'express';
import type { TestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { billingRoutes } from './billing.routes.js';

/** The billing router on its own, with the app's JSON parsing, logging and error handling. */
export function buildBillingApp(ctx: TestContext): Express {
  return express().use(requestLogger(ctx.deps.logger)).use(express.json()).use(billingRoutes(ctx.deps)).use(errorHandler);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function balanceOf(ctx: TestContext, companyId: string): Promise<string> {
  const row = await ctx.deps.db.selectFrom('companies').select('balance').where('id', '=', companyId).executeTakeFirstOrThrow();
  return row.balance;
}

export async function ledgerOf(ctx: TestContext, companyId: string) {
  return ctx.deps.db.selectFrom('balance_transactions').selectAll().where('company_id', '=', companyId).orderBy('id').execute();
}

export async function auditOf(ctx: TestContext, companyId: string, actionPrefix = 'billing.') {
  return ctx.deps.db
    .selectFrom('audit_logs')
    .select(['action', 'actor_type', 'actor_id', 'target_type', 'target_id', 'details'])
    .where('company_id', '=', companyId)
    .where('action', 'like', `${actionPrefix}%`)
    .orderBy('id')
    .execute();
}
