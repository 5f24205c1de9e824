import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SessionsPanel } from '@/components/account/sessions-panel';
import { QueryProvider } from '@/components/providers/query-provider';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Sessions' };

/**
 * "Your sessions": every browser and API sign-in that is still live, with revoke. The list itself is
 * read and changed through /api/v1/me/sessions by the client panel.
 */
export default async function SessionsPage() {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/account/sessions')}`);
  return (
    <QueryProvider>
      <SessionsPanel />
    </QueryProvider>
  );
}
