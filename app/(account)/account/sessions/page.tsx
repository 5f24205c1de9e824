import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { SessionsPanel } from '@/components/account/sessions-panel';
import { SESSIONS_KEY } from '@/components/account/sessions-key';
import { prefetchQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listSessions } from '@/lib/auth/list-sessions';

export const metadata: Metadata = { title: 'Sessions' };

/**
 * "Your sessions": every browser and API sign-in that is still live, with revoke. The list arrives with the page
 * (the same loader as GET /api/v1/me/sessions); revoking goes through /api/v1/me/sessions from the client panel.
 */
export default async function SessionsPage() {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/account/sessions')}`);
  const { state } = await prefetchQueries([{ key: SESSIONS_KEY, load: () => listSessions(user) }]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <SessionsPanel />
      </Suspense>
    </QueryProvider>
  );
}
