import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { pino } from 'pino';
import pg from 'pg';
import { TEST_PG_URL } from '../../test/services.js';
import { errorHandler } from './error-handler.js';

/** Database refusals that are the input's fault answer 400/409, not 500 — checked with the real server's errors. */
describe('errorHandler', () => {
  async function pgError(query: string, values: unknown[]): Promise<unknown> {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      return await client.query(query, values).then(() => null, (e: unknown) => e);
    } finally {
      await client.end();
    }
  }

  function appThrowing(err: unknown) {
    const app = express();
    app.use((req, _res, next) => {
      req.log = pino({ level: 'silent' }) as unknown as typeof req.log;
      next();
    });
    app.get('/x', () => {
      throw err;
    });
    app.use(errorHandler);
    return app;
  }

  it('a NUL byte PostgreSQL refuses is a 400 with a Korean message', async () => {
    const err = await pgError('SELECT $1::text', ['a\u0000b']);
    expect((err as { code?: string }).code).toBe('22021');
    const res = await request(appThrowing(err)).get('/x').expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/쓸 수 없는 문자/) });
  });

  it('anything unknown is a 500 that says nothing of the cause', async () => {
    const res = await request(appThrowing(new Error('secret detail'))).get('/x').expect(500);
    expect(JSON.stringify(res.body)).not.toMatch(/secret/);
  });
});
