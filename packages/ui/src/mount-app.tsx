import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, type createBrowserRouter } from 'react-router';
import { ApiError } from './api/client.js';
import { AppConfigContext, type AppConfig } from './app-config.js';
import { ToastProvider } from './components/index.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; everything else gets one more try.
        retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 1,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export interface MountAppOptions {
  config: AppConfig;
  /** The app's own routes, built from the shared pages plus its own. */
  router: ReturnType<typeof createBrowserRouter>;
}

/** The providers every SPA runs inside: its config, server state, toasts, then its own routes. */
function AppRoot({ config, queryClient, router }: MountAppOptions & { queryClient: QueryClient }) {
  return (
    <AppConfigContext.Provider value={config}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </AppConfigContext.Provider>
  );
}

/** Renders the app into `#root`; the QueryClient lives as long as the page. */
export function mountApp({ config, router }: MountAppOptions): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <AppRoot config={config} queryClient={createQueryClient()} router={router} />
    </StrictMode>,
  );
}
