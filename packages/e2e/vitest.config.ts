import { defineConfig } from 'vitest/config';

// `source` first so @hanjullo/shared resolves to its TypeScript sources (no build step needed); the
// rest is Vite's defaultServerConditions (e2e has no direct dependency on vite to import them from).
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Fresh databases + the real API + both Vite servers, shared by every test file.
    globalSetup: ['src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser and one pair of dev servers at a time: the CI box has 2 cores.
    fileParallelism: false,
  },
});
