import type { Metadata } from 'next';
import { ResendVerificationForm, SignUpForm } from '@/components/auth/sign-up-form';
import { devMailboxEnabled } from '@/lib/email/dev-mailbox';
import { resendVerificationAction, signUpAction } from './actions';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { resend } = await searchParams;
  const devMailbox = devMailboxEnabled();
  if (resend === '1') return <ResendVerificationForm action={resendVerificationAction} devMailbox={devMailbox} />;
  return <SignUpForm action={signUpAction} resendAction={resendVerificationAction} devMailbox={devMailbox} />;
}
