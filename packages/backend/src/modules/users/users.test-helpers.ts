/** Test harness shared by the users and callback-numbers tests. */
import express, { type Express } from 'express';
import mysql from 'mysql2/promise';
import type { TestContext } from '../../../test/context.js';
import { errorHandler } from '../../http/error-handler.js';
import { callbackNumberRoutes } from '../callback-numbers/callback-numbers.routes.js';
import { userRoutes } from './users.routes.js';

/** The two routers alone, as the brief's harness builds them, with the one error handler. */
export function moduleApp(ctx: TestContext): Express {
  const app = express();
  app.use((req, _res, next) => {
    // errorHandler logs unknown errors through pino-http's req.log
    req.log = ctx.deps.logger as typeof req.log;
    next();
  });
  app.use(express.json());
  app.use(userRoutes(ctx.deps));
  app.use(callbackNumberRoutes(ctx.deps));
  app.use(errorHandler);
  return app;
}

/** The auth line the temporary-password SMS goes out on. */
export async function addAuthLineGroup(ctx: TestContext): Promise<void> {
  await ctx.deps.db.insertInto('sms_line_groups').values({ name: '인증', type: 'auth', tables: ['SMSQ_SEND_11'] }).execute();
}

export interface AuthRow {
  dest_no: string;
  call_back: string;
  msg_contents: string;
  msg_type: string;
  app_etc1: string;
}

export async function authTableRows(ctx: TestContext, destNo: string): Promise<AuthRow[]> {
  const conn = await mysql.createConnection({ uri: ctx.config.mysqlUrl });
  try {
    const [rows] = await conn.query('SELECT dest_no, call_back, msg_contents, msg_type, app_etc1 FROM SMSQ_SEND_11 WHERE dest_no = ? ORDER BY seqno', [destNo]);
    return rows as AuthRow[];
  } finally {
    await conn.end();
  }
}

export async function auditRows(ctx: TestContext, action: string, targetId: string) {
  return ctx.deps.db
    .selectFrom('audit_logs')
    .select(['company_id', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'details'])
    .where('action', '=', action)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
}
