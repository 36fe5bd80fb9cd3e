import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type AppName = 'frontend' | 'company-frontend';

/** Hostnames Chromium resolves to loopback; each app picks its surface from the host. */
export const HOSTS = {
  service: 'hanjul.localhost',
  superAdmin: 'sys.localhost',
  companyAdmin: 'app.localhost',
} as const;

const PACKAGES_DIR = fileURLToPath(new URL('../../', import.meta.url));
const E2E_DIR = fileURLToPath(new URL('../', import.meta.url));

// The slice of Vite's API we use. Vite is loaded from each app's own dependencies, so the test runs
// exactly the Vite (and config) the app ships with and e2e does not need its own copy.
interface ViteLogger {
  info(msg: string, options?: unknown): void;
  warn(msg: string, options?: unknown): void;
  warnOnce(msg: string, options?: unknown): void;
  error(msg: string, options?: unknown): void;
}
interface ViteDevServer {
  listen(): Promise<unknown>;
  close(): Promise<void>;
}
interface ViteModule {
  createServer(config: Record<string, unknown>): Promise<ViteDevServer>;
  createLogger(level: 'warn'): ViteLogger;
}

export interface AppServer {
  app: AppName;
  port: number;
  url(host: string, path?: string): string;
  close(): Promise<void>;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A loopback URL nothing listens on: the apps' proxy gets "connection refused", like a down API. */
export async function unreachableApiUrl(): Promise<string> {
  return `http://127.0.0.1:${await findFreePort()}`;
}

async function loadVite(appRoot: string): Promise<ViteModule> {
  const requireFromApp = createRequire(join(appRoot, 'package.json'));
  return (await import(pathToFileURL(requireFromApp.resolve('vite')).href)) as ViteModule;
}

/** Vite logs every refused proxy request with a stack; with the API down on purpose that is noise. */
function quietProxyLogger(vite: ViteModule): ViteLogger {
  const logger = vite.createLogger('warn');
  const error = logger.error.bind(logger);
  logger.error = (msg, options) => {
    if (!msg.includes('http proxy error')) error(msg, options);
  };
  return logger;
}

/**
 * Starts one SPA's Vite dev server (its own vite.config.ts) on a free port, proxying `/api` and
 * `/health` to `apiUrl`. A globalSetup that boots the real API can pass its URL here.
 */
export async function startApp(app: AppName, options: { apiUrl: string }): Promise<AppServer> {
  const root = join(PACKAGES_DIR, app);
  const vite = await loadVite(root);
  // vite.config.ts reads this when it loads, which happens inside createServer below.
  process.env.VITE_API_PROXY = options.apiUrl;
  const port = await findFreePort();
  const server = await vite.createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    // Separate from the developer's `pnpm dev` cache so the two never fight over it.
    cacheDir: join(E2E_DIR, 'node_modules', '.vite', app),
    server: { port, strictPort: true, host: '127.0.0.1', watch: null },
    customLogger: quietProxyLogger(vite),
    clearScreen: false,
  });
  await server.listen();
  return {
    app,
    port,
    url: (host, path = '/') => `http://${host}:${port}${path}`,
    close: () => server.close(),
  };
}

export interface RunningApps {
  frontend: AppServer;
  companyFrontend: AppServer;
  close(): Promise<void>;
}

export async function startApps(options: { apiUrl: string }): Promise<RunningApps> {
  const frontend = await startApp('frontend', options);
  const companyFrontend = await startApp('company-frontend', options).catch(async (error: unknown) => {
    await frontend.close();
    throw error;
  });
  return {
    frontend,
    companyFrontend,
    close: async () => {
      await Promise.all([frontend.close(), companyFrontend.close()]);
    },
  };
}
