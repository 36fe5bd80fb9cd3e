import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { HealthResponse, VersionResponse } from '@hanjullo/shared';
import { createTestContext, type TestContext } from '../../../test/context.js';
import { createApp } from '../../app.js';
import { createRedis } from '../../db/redis.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return child;
}

describe('GET /health', () => {
  it('answers 200 with every service ok', async () => {
    const res = await request(ctx.app).get('/health').expect(200);
    const body = HealthResponse.parse(res.body);
    expect(body.status).toBe('ok');
    expect(body.down).toEqual([]);
    expect(body.checks.postgres.ok && body.checks.mysql.ok && body.checks.redis.ok).toBe(true);
  });

  it('answers 503 naming Redis when its Redis stops', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const redis = createRedis(`redis://127.0.0.1:${port}`);
    const app = createApp({ ...ctx.deps, redis, logger: pino({ level: 'silent' }) });
    try {
      await request(app).get('/health').expect(200);
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      const res = await request(app).get('/health').expect(503);
      const body = HealthResponse.parse(res.body);
      expect(body.status).toBe('degraded');
      expect(body.down).toEqual(['redis']);
      expect(body.checks.redis.ok).toBe(false);
      expect(body.checks.postgres.ok).toBe(true);
    } finally {
      server.kill('SIGKILL');
      redis.disconnect();
    }
  });

  it('answers 503 naming MySQL when MySQL is unreachable', async () => {
    const { createMysqlPool } = await import('../../db/mysql.js');
    const port = await freePort();
    const mysql = createMysqlPool(`mysql://root@127.0.0.1:${port}/nothing`, 1);
    const app = createApp({ ...ctx.deps, mysql, logger: pino({ level: 'silent' }) });
    try {
      const res = await request(app).get('/health').expect(503);
      expect(HealthResponse.parse(res.body).down).toEqual(['mysql']);
    } finally {
      await mysql.end();
    }
  });
});

describe('GET /version', () => {
  it('gives the package version and the git commit', async () => {
    const res = await request(ctx.app).get('/version').expect(200);
    const body = VersionResponse.parse(res.body);
    expect(body.name).toBe('@hanjullo/backend');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every registered endpoint from the shared schemas', async () => {
    const res = await request(ctx.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/version']));
    expect(res.body.paths['/health'].get.responses['503']).toBeDefined();
  });
});

describe('unknown routes and bad bodies', () => {
  it('answers 404 with a Korean message and a request id', async () => {
    const res = await request(ctx.app).get('/api/nope').expect(404);
    expect(res.body.error.code).toBe('not_found');
    expect(res.body.error.message).toContain('찾을 수 없습니다');
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await request(ctx.app).post('/api/nope').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.body.error.code).toBe('bad_request');
  });
});
