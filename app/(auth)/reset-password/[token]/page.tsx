import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { tokenSchema } from '@/lib/auth/schemas';
import { resetPasswordAction } from './actions';

// The token is in the path: keep it out of Referer headers and search indexes.
export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer', robots: { index: false, follow: false } };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = tokenSchema.safeParse(token).success;
  return <ResetPasswordForm token={token} action={resetPasswordAction} initialProblem={valid ? undefined : 'not_found'} />;
}
