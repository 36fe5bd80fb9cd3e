import type { TestProject } from 'vitest/node';
import { startApps } from './servers.js';
import { startStack, type StackInfo } from './stack.js';

export interface E2eContext extends StackInfo {
  frontendPort: number;
  companyFrontendPort: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

/** Once per run: the isolated backend stack, then both SPAs' Vite servers proxying to it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  const stack = await startStack();
  const apps = await startApps({ apiUrl: stack.apiUrl }).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  console.log(`[e2e] stack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s (API ${stack.apiUrl})`);
  project.provide('e2e', {
    apiUrl: stack.apiUrl,
    databaseUrl: stack.databaseUrl,
    mysqlUrl: stack.mysqlUrl,
    frontendPort: apps.frontend.port,
    companyFrontendPort: apps.companyFrontend.port,
  });
  return async () => {
    await apps.close();
    await stack.stop();
  };
}
