import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { DEFAULT_PASSWORD_POLICY } from '@/lib/auth/password-policy-basics';
import { resetLinkPasswordRules } from '@/lib/auth/reset-password';
import { tokenSchema } from '@/lib/auth/schemas';
import { resetPasswordAction } from './actions';

// The token is in the path: keep it out of Referer headers and search indexes.
export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer', robots: { index: false, follow: false } };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = tokenSchema.safeParse(token).success;
  // The link owner's rules, shown up front; an unusable link shows the defaults until submitting says why.
  const rules = valid ? await resetLinkPasswordRules(token) : null;
  return (
    <ResetPasswordForm
      token={token}
      action={resetPasswordAction}
      initialProblem={valid ? undefined : 'not_found'}
      policy={rules?.policy ?? DEFAULT_PASSWORD_POLICY}
      owner={rules?.owner ?? {}}
    />
  );
}
