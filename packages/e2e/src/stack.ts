import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { findFreePort } from './servers.js';

/**
 * An isolated copy of the platform for one e2e run: its own PostgreSQL database, MySQL schema (with
 * the QTmsg tables), MySQL app user and Redis key prefix, prepared by the backend's own scripts, and
 * the real API on a free port. Nothing is shared with `pnpm start` or another run.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PG_ADMIN_URL = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_ROOT_URL = process.env.E2E_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SMS_TABLES = Array.from({ length: 11 }, (_, i) => `SMSQ_SEND_${i + 1}`).join(',');

export interface StackInfo {
  apiUrl: string;
  /** PostgreSQL URL of this run's database (superuser, for test setup and assertions). */
  databaseUrl: string;
  /** MySQL root URL of this run's schema (for reading QTmsg rows). */
  mysqlUrl: string;
}

export interface Stack extends StackInfo {
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string, credentials?: { user: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (credentials) {
    u.username = credentials.user;
    u.password = credentials.password;
  }
  return u.toString();
}

interface Names {
  database: string;
  appUser: string;
  appPassword: string;
}

function newNames(): Names {
  const id = randomBytes(4).toString('hex');
  return { database: `hj_e2e_${id}`, appUser: `hj_e2e_${id}_app`, appPassword: randomBytes(12).toString('hex') };
}

/**
 * Every variable the backend's config reads, set explicitly: the repository's `.env` only fills
 * variables that are missing, so nothing of the developer's setup leaks into the run.
 */
function backendEnv(names: Names, port: number): NodeJS.ProcessEnv {
  const mysqlApp = withDatabase(MYSQL_ROOT_URL, names.database, { user: names.appUser, password: names.appPassword });
  return {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    DATABASE_URL: withDatabase(PG_ADMIN_URL, names.database),
    // The API runs as a least-privilege user that smsdb:bootstrap creates from MYSQL_URL (dropped in
    // teardown); pointing MYSQL_URL at root would make the bootstrap create a 'root'@'%' account.
    MYSQL_URL: mysqlApp,
    MYSQL_ADMIN_URL: withDatabase(MYSQL_ROOT_URL, names.database),
    REDIS_URL,
    REDIS_PREFIX: names.database,
    JWT_SECRET: randomBytes(24).toString('hex'),
    SMS_TABLES,
    TRUST_PROXY: 'loopback',
    PASSWORD_ROUNDS: '4',
    SESSION_MAX_HOURS: '12',
    SUPER_ADMIN_SESSION_MINUTES: '30',
    PLATFORM_CALLBACK_NUMBER: '0212345678',
    NARAE_080_TOKEN: 'e2e-080-token',
    SPAM_APP_TOKEN: 'e2e-spam-token',
    GIT_COMMIT: 'e2e',
    FORCE_COLOR: '0',
  };
}

function spawnBackend(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group: pnpm → tsx → node, and a signal to the group reaches all of them.
  return spawn('pnpm', ['--filter', '@hanjullo/backend', ...args], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

async function runScript(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnBackend(['run', script], env);
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`backend \`${script}\` failed (exit ${code}):\n${output()}`);
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForHealth(apiUrl: string, api: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (exited(api)) throw new Error(`the API exited before it was healthy:\n${output()}`);
    try {
      const response = await fetch(`${apiUrl}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the API did not answer /health with 200 within ${timeoutMs / 1000}s:\n${output()}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || exited(child)) return;
  const pid = child.pid;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone already
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}

async function dropEverything(names: Names): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await attempt('PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${names.database}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  await attempt('MySQL', async () => {
    const connection = await mysql.createConnection({ uri: MYSQL_ROOT_URL });
    try {
      await connection.query(`DROP DATABASE IF EXISTS \`${names.database}\``);
      for (const host of ['%', 'localhost']) await connection.query('DROP USER IF EXISTS ?@?', [names.appUser, host]);
    } finally {
      await connection.end();
    }
  });
  await attempt('Redis', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      for await (const keys of redis.scanStream({ match: `${names.database}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
      }
    } finally {
      await redis.quit();
    }
  });
  if (failures.length > 0) console.warn(`[e2e] cleanup of ${names.database} incomplete: ${failures.join('; ')}`);
}

/** Migrates, bootstraps smsdb, seeds the demo tenant and starts the API; undone by `stop()`. */
export async function startStack(): Promise<Stack> {
  const names = newNames();
  const port = await findFreePort();
  const env = backendEnv(names, port);
  const apiUrl = `http://127.0.0.1:${port}`;
  let api: ChildProcess | undefined;
  const stop = async () => {
    if (api) await stopProcessGroup(api);
    await dropEverything(names);
  };
  try {
    await runScript('db:migrate', env);
    await runScript('smsdb:bootstrap', env);
    await runScript('db:seed', env);
    api = spawnBackend(['exec', 'tsx', '--conditions=source', 'src/main.ts'], env);
    await waitForHealth(apiUrl, api, collectOutput(api));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl,
    databaseUrl: withDatabase(PG_ADMIN_URL, names.database),
    mysqlUrl: withDatabase(MYSQL_ROOT_URL, names.database),
    stop,
  };
}
