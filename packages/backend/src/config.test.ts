import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const backendRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('loadConfig', () => {
  it('gives development defaults with the single local QTmsg table', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.smsTables).toEqual(['SMSQ_SEND']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses SMS_TABLES in order', () => {
    expect(loadConfig({ SMS_TABLES: 'SMSQ_SEND_1, SMSQ_SEND_2,SMSQ_SEND_11' }).smsTables).toEqual([
      'SMSQ_SEND_1',
      'SMSQ_SEND_2',
      'SMSQ_SEND_11',
    ]);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'abc', SMS_TABLES: 'SMSQ_SEND_1; DROP TABLE x', REDIS_URL: 'nope' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'SMS_TABLES', 'REDIS_URL', 'JWT_SECRET']) expect(problems).toContain(name);
  });

  it('requires a long JWT_SECRET in production and accepts one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    const ok = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), NARAE_080_TOKEN: 'narae-secret-1', SPAM_APP_TOKEN: 'spam-secret-1' });
    expect(ok.isProduction).toBe(true);
    expect(ok.jwtSecret).toBe('x'.repeat(40));
    // production defaults to Narae's callback servers only
    expect(ok.narae080AllowedIps).toContain('121.156.104.161');
    expect(ok.narae080AllowedIps).not.toContain('127.0.0.1');
  });
});

describe('API boot with bad configuration', () => {
  it('exits 1 printing one line naming every bad variable when JWT_SECRET is missing in production', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'src/main.ts'],
      {
        cwd: backendRoot,
        env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: '', PORT: 'not-a-port' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toContain('JWT_SECRET required in production');
    expect(lines[0]).toContain('PORT');
  });
});
