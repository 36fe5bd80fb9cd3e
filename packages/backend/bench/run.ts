/**
 * `pnpm bench [name] [--scale N] [--smoke]`: benchmarks print one machine-readable line per result
 * (PERF.md). Each generates its own data from a fixed seed in its own databases and cleans up.
 */
import { queueInsertBaseline } from './queue-insert-baseline.bench.js';
import { p1Send, p7Scaling } from './p1-send.bench.js';

export interface BenchOptions {
  smoke: boolean;
  scale: number | undefined;
}

const benches: Record<string, (opts: BenchOptions) => Promise<string[]>> = {
  'queue-insert-baseline': queueInsertBaseline,
  'p1-send': p1Send,
  'p7-scaling': p7Scaling,
  'p2-target-count': async (o) => (await import('./p2-target-count.bench.js')).p2TargetCount(o),
  'p3-sync-customers': async (o) => (await import('./p3-sync-customers.bench.js')).p3SyncCustomers(o),
  'p5-upload-import': async (o) => (await import('./p5-upload-import.bench.js')).p5UploadImport(o),
  'p6-080-flood': async (o) => (await import('./p6-080-flood.bench.js')).p6080Flood(o),
  'p4-results': async (o) => (await import('./p4-results.bench.js')).p4Results(o),
};

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const scaleAt = args.indexOf('--scale');
const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : undefined;
if (scale !== undefined && !(scale > 0)) {
  console.error('--scale takes a positive number');
  process.exit(2);
}
const names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scale');
const unknown = names.filter((n) => !benches[n]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(benches)) {
  for (const line of await benches[name]!({ smoke, scale })) console.log(line);
}
