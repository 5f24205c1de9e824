import type { Metadata } from 'next';
import { UnlockAccountPanel } from '@/components/auth/confirm-link-panel';
import { tokenSchema } from '@/lib/auth/schemas';
import { unlockAccountAction } from './actions';

// The token is in the path: keep it out of Referer headers and search indexes.
export const metadata: Metadata = { title: 'Lift the sign-in pause', referrer: 'no-referrer', robots: { index: false, follow: false } };

export default async function UnlockAccountPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = tokenSchema.safeParse(token).success;
  return <UnlockAccountPanel token={token} action={unlockAccountAction} initialProblem={valid ? undefined : 'not_found'} />;
}
