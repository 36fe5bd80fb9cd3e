import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `source` first so @hanjullo/shared resolves to its TypeScript sources (no build step needed).
export default defineConfig({
  resolve: { conditions: ['source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
