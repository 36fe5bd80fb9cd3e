/**
 * `pnpm start` (and `pnpm dev` with --dev): the one-command local platform.
 * Checks services → migrates → bootstraps smsdb → seeds the demo tenant → starts API, worker,
 * QTmsg simulator and both web apps → prints URLs and demo logins. Ctrl+C stops everything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkServices, SERVICE_START_HELP } from './services.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const API_PORT = 3000;

function step(label: string, args: string[]): void {
  process.stdout.write(`\n▶ ${label}\n`);
  const run = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write(`\n✖ ${label} failed (exit ${run.status ?? run.signal}).\n`);
    process.exit(1);
  }
}

const COLORS = [36, 35, 33, 32, 34, 31];
const children: ChildProcess[] = [];

function launch(name: string, args: string[], cwd = root): void {
  const color = COLORS[children.length % COLORS.length];
  const tag = `\x1b[${color}m${name.padEnd(8)}\x1b[0m │ `;
  // own process group, so stopping reaches pnpm's grandchildren (node, vite) too
  const child = spawn('pnpm', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '1' } });
  const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(`${tag}${line}\n`);
  };
  child.stdout!.on('data', relay(process.stdout));
  child.stderr!.on('data', relay(process.stderr));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${tag}exited (${code ?? signal}); stopping everything.\n`);
      stop(1);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    if (c.exitCode !== null || !c.pid) continue;
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      c.kill('SIGTERM');
    }
  }
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForHealth(timeoutMs = 60_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${API_PORT}/health`);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (!existsSync(path.join(root, '.env'))) {
  copyFileSync(path.join(root, '.env.example'), path.join(root, '.env'));
  process.stdout.write('created .env from .env.example (edit it to change ports, URLs or SMS_TABLES)\n');
}
process.loadEnvFile(path.join(root, '.env'));

const missing = await checkServices();
if (missing.length) {
  process.stderr.write(`\n✖ Not reachable: ${missing.join(', ')}.\n${SERVICE_START_HELP}\n`);
  process.exit(1);
}

step('migrate PostgreSQL', ['--filter', '@hanjullo/backend', 'run', 'db:migrate']);
step('bootstrap MySQL smsdb (queue + log tables, app user, event)', ['--filter', '@hanjullo/backend', 'run', 'smsdb:bootstrap']);
step('seed the demo tenant', ['--filter', '@hanjullo/backend', 'run', 'db:seed']);

const backend = path.join(root, 'packages/backend');
launch('api', ['exec', 'tsx', ...(dev ? ['watch'] : []), '--conditions=source', 'src/main.ts'], backend);
launch('worker', ['exec', 'tsx', ...(dev ? ['watch'] : []), '--conditions=source', 'src/worker.ts'], backend);
launch('qtmsg', ['--filter', '@hanjullo/qtmsg-sim', 'run', 'start']);
launch('web', ['--filter', '@hanjullo/frontend', 'run', 'dev']);
launch('company', ['--filter', '@hanjullo/company-frontend', 'run', 'dev']);

if (await waitForHealth()) {
  process.stdout.write(`
\x1b[1m한줄로 is running\x1b[0m  (Ctrl+C stops everything)

  서비스 (마케터)     http://hanjul.localhost:5173
  시스템 관리자       http://sys.localhost:5173
  고객사 관리자       http://app.localhost:5174
  API                 http://127.0.0.1:${API_PORT}  (health: /health, docs: /api/openapi.json)

  Demo logins (password for all: Hanjul!2026)
    superadmin   슈퍼관리자 (2FA code appears in the qtmsg log, line SMSQ_SEND_11)
    demo-admin   데모상사 고객사 관리자
    demo-user    데모상사 마케터
`);
} else {
  process.stderr.write('✖ the API did not become healthy within 60 s; see the api lines above.\n');
  stop(1);
}
