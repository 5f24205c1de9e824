import type { Metadata } from 'next';
import { VerifyEmailPanel } from '@/components/auth/confirm-link-panel';
import { tokenSchema } from '@/lib/auth/schemas';
import { verifyEmailAction } from './actions';

// The token is in the path: keep it out of Referer headers and search indexes.
export const metadata: Metadata = { title: 'Confirm your email', referrer: 'no-referrer', robots: { index: false, follow: false } };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = tokenSchema.safeParse(token).success;
  return <VerifyEmailPanel token={token} action={verifyEmailAction} initialProblem={valid ? undefined : 'not_found'} />;
}
