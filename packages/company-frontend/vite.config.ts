import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type ProxyOptions } from 'vite';

// The only place this app reads the environment: where the dev/preview server forwards API calls.
const apiTarget = process.env.VITE_API_PROXY ?? 'http://127.0.0.1:3000';

// Keep the browser's Host header (like nginx does) so the API can tell the surface by hostname.
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiTarget, xfwd: true },
};

// app.localhost in development, app.hanjul.ai in production: always the company-admin surface.
const server = {
  host: '127.0.0.1',
  port: 5174,
  strictPort: true,
  allowedHosts: ['.localhost'],
  proxy,
};

export default defineConfig({
  plugins: [react()],
  // `source` first so @hanjullo/shared and @hanjullo/ui resolve to their TypeScript sources (no build step needed).
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server,
  preview: server,
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] } } },
  },
});
