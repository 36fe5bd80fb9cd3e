import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { HealthResponse, ServiceCheck, VersionResponse } from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';

const CHECK_TIMEOUT_MS = 2000;

async function timed(probe: () => Promise<unknown>): Promise<ServiceCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes each backing service independently; one slow or dead service never hides the others. */
export async function checkHealth(deps: Pick<AppDeps, 'db' | 'mysql' | 'redis'>): Promise<HealthResponse> {
  const [postgres, mysql, redis] = await Promise.all([
    timed(() => sql`SELECT 1`.execute(deps.db)),
    timed(() => deps.mysql.query('SELECT 1')),
    timed(() => deps.redis.ping()),
  ]);
  const checks = { postgres, mysql, redis };
  const down = (Object.keys(checks) as Array<keyof typeof checks>).filter((k) => !checks[k].ok);
  return { status: down.length === 0 ? 'ok' : 'degraded', checks, down };
}

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The commit from config (set at build) or read from the checkout's .git without running git. */
export function readGitCommit(repoRoot = path.resolve(packageRoot, '../..')): string {
  try {
    const gitDir = path.join(repoRoot, '.git');
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 40);
    const ref = head.slice(5);
    const refFile = path.join(gitDir, ref);
    if (existsSync(refFile)) return readFileSync(refFile, 'utf8').trim();
    const packed = readFileSync(path.join(gitDir, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(' ')[0]! : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function getVersion(gitCommit: string | undefined): VersionResponse {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version, commit: gitCommit ?? readGitCommit(), node: process.version };
}
