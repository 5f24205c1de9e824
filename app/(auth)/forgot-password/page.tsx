import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { devMailboxEnabled } from '@/lib/email/dev-mailbox';
import { forgotPasswordAction } from './actions';

export const metadata: Metadata = { title: 'Reset your password' };

export default async function ForgotPasswordPage() {
  await connection(); // rendered per request: the dev-mailbox hint follows the running server's configuration
  return <ForgotPasswordForm action={forgotPasswordAction} devMailbox={devMailboxEnabled()} />;
}
