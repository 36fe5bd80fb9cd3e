/**
 * `pnpm test`: everything CI checks, in order — typecheck, lint, every package's tests against the
 * real services, the benchmark smoke run, and the browser tests. Ends with one summary line
 * `N passed, N failed` counted over every test runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.tmp/test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

interface Outcome {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
}
const outcomes: Outcome[] = [];

function run(name: string, cmd: string, args: string[], cwd = root): boolean {
  process.stdout.write(`\n━━ ${name} ━━\n`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  return r.status === 0;
}

function step(name: string, cmd: string, args: string[]): void {
  const ok = run(name, cmd, args);
  outcomes.push({ name, ok, passed: 0, failed: ok ? 0 : 1, skipped: 0 });
}

/** `mayBeEmpty`: a package whose logic lives elsewhere (company-frontend uses packages/ui) may have no tests. */
function vitest(pkg: string, dir: string, mayBeEmpty = false): void {
  const file = path.join(reports, `${pkg.replace(/\W+/g, '_')}.json`);
  const ok = run(`tests: ${pkg}`, 'pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`, ...(mayBeEmpty ? ['--passWithNoTests'] : [])], path.join(root, dir));
  let passed = 0;
  let failed = ok ? 0 : 1;
  let skipped = 0;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    passed = json.numPassedTests;
    failed = Math.max(json.numFailedTests, ok ? 0 : 1);
    skipped = json.numPendingTests + json.numTodoTests;
  } catch {
    // no report: the runner crashed before writing it; counted as one failure above
  }
  outcomes.push({ name: `tests: ${pkg}`, ok, passed, failed, skipped });
}

step('typecheck', 'pnpm', ['run', 'typecheck']);
step('lint', 'pnpm', ['run', 'lint']);
vitest('shared', 'packages/shared');
vitest('backend', 'packages/backend');
vitest('qtmsg-sim', 'packages/qtmsg-sim');
vitest('frontend', 'packages/frontend');
vitest('company-frontend', 'packages/company-frontend', true);
vitest('ui', 'packages/ui');
step('bench smoke', 'pnpm', ['run', 'bench', '--smoke']);
vitest('e2e (Chromium)', 'packages/e2e');

process.stdout.write('\n━━ summary ━━\n');
for (const o of outcomes) {
  const counts = o.passed || o.failed > 1 || o.skipped ? ` (${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''})` : '';
  process.stdout.write(`${o.ok ? '✔' : '✖'} ${o.name}${counts}\n`);
}
const passed = outcomes.reduce((s, o) => s + o.passed, 0);
const failed = outcomes.reduce((s, o) => s + o.failed, 0);
const skipped = outcomes.reduce((s, o) => s + o.skipped, 0);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
