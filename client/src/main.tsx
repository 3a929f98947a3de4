import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App.tsx';
import './app/app.css';
import { AuthProvider } from './app/auth.tsx';
import { isWorthRetrying } from './app/http.ts';
import { LiveProvider } from './live/hooks.tsx';
import { createLiveStore } from './live/live-store.ts';

const live = createLiveStore();
live.start();

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: (failures, error) => failures < 2 && isWorthRetrying(error) } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LiveProvider store={live}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </LiveProvider>
  </StrictMode>,
);
