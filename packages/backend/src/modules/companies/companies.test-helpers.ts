import express, { type Express } from 'express';
import type { TestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { requestLogger } from '../../http/request-logger.js';
import { planRoutes } from '../plans/plans.routes.js';
import { companyRoutes } from './companies.routes.js';

/** The company and plan routers on their own, with the app's JSON parsing, logging and error handling. */
export function buildCompaniesApp(ctx: TestContext): Express {
  return express()
    .use(requestLogger(ctx.deps.logger))
    .use(express.json())
    .use(companyRoutes(ctx.deps))
    .use(planRoutes(ctx.deps))
    .use(errorHandler);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let seq = 0;
/** A unique valid company code per call (tests never depend on each other's rows). */
export function uniqueCode(prefix = 'C'): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}_${seq}`.slice(0, 30);
}

/** A unique 080 number per call. */
export function unique080(): string {
  seq += 1;
  return `080${String((Date.now() * 7 + seq * 7919) % 10_000_000).padStart(7, '0')}`;
}

export async function auditRowsFor(ctx: TestContext, companyId: string) {
  return ctx.deps.db
    .selectFrom('audit_logs')
    .select(['action', 'actor_type', 'actor_id', 'company_id', 'target_type', 'target_id', 'details'])
    .where('company_id', '=', companyId)
    .orderBy('id')
    .execute();
}
