// PM2 process file for the production host: `pm2 start ecosystem.config.js --env production`
// after `pnpm build` (the compiled backend lives in packages/backend/dist).
//
// The repository root is "type": "module", so this file is ESM. PM2 loads it with require(),
// which Node >= 20.19 can do for ESM files; PM2 reads the `apps` property of what it gets back
// (the module namespace), not `default`, so `apps` is exported by name. The default export is
// for tooling that imports the file.
//
// The QTmsg simulator (packages/qtmsg-sim) is deliberately absent: it is a development and CI
// stand-in for the real Java agents, started by `pnpm start` locally, never in production.

const common = {
  cwd: import.meta.dirname,
  // Time for in-flight requests / jobs to finish after SIGINT before PM2 sends SIGKILL.
  kill_timeout: 15000,
  // The processes do not call process.send('ready'); PM2 considers them up once spawned.
  wait_ready: false,
  max_memory_restart: '1500M',
  env: {
    NODE_ENV: 'development',
  },
  env_production: {
    NODE_ENV: 'production',
  },
};

export const apps = [
  {
    ...common,
    name: 'hanjullo-api',
    script: 'packages/backend/dist/src/main.js',
    // Stateless HTTP API behind PM2's cluster balancer. 4 of the 8 cores: PostgreSQL, MySQL,
    // Redis, the worker and the eleven QTmsg agents share the same machine.
    exec_mode: 'cluster',
    instances: 4,
  },
  {
    ...common,
    name: 'hanjullo-worker',
    script: 'packages/backend/dist/src/worker.js',
    // BullMQ consumers and repeatable jobs: a single process (concurrency is set per queue).
    exec_mode: 'fork',
    instances: 1,
  },
];

export default { apps };
