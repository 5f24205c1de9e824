'use client';

import * as React from 'react';
import { HydrationBoundary, QueryClient, QueryClientProvider, type DehydratedState } from '@tanstack/react-query';

/**
 * TanStack Query for client components that read /api/v1 (one QueryClient per page tree). Pages that
 * need it wrap their client part: `<QueryProvider><SessionsPanel /></QueryProvider>`.
 *
 * `state` is what the server already loaded for the page (components/providers/prefetch.ts
 * `prefetchTenantQueries`): the client's `useQuery` calls under the same keys start with that data and send
 * no request on first load (the data stays fresh for `staleTime`).
 */
export function QueryProvider({ children, state }: { children: React.ReactNode; state?: DehydratedState }) {
  const [client] = React.useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true },
          mutations: { retry: 0 },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {state ? <HydrationBoundary state={state}>{children}</HydrationBoundary> : children}
    </QueryClientProvider>
  );
}
