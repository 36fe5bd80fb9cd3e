import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client.js';
import { ToastProvider } from './components/index.js';
import { router } from './router.js';
import { BRANDING, detectSurface, SurfaceContext } from './surface.js';
import './styles.css';

// Decided once: later navigation drops `?surface=`, the surface must not change mid-session.
const surface = detectSurface();
document.title = BRANDING[surface].name;
document.documentElement.dataset.surface = surface;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; everything else gets one more try.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 1,
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <SurfaceContext.Provider value={surface}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </SurfaceContext.Provider>
  </StrictMode>,
);
