import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PasswordForm } from '@/components/account/password-form';
import { getCurrentUser } from '@/lib/auth/current-user';
import { changePasswordAction } from '../actions';

export const metadata: Metadata = { title: 'Password' };

/** Change your password (needs the current one); the other sessions end. */
export default async function PasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/account/password')}`);
  return (
    <div className="grid max-w-3xl gap-3">
      <PasswordForm action={changePasswordAction} />
      <p className="px-1 text-xs text-muted-foreground">
        Forgot your current password?{' '}
        <Link href="/forgot-password" className="rounded-sm font-medium text-link hover:underline">
          Reset it by email
        </Link>{' '}
        instead. See where you are signed in under{' '}
        <Link href="/account/sessions" className="rounded-sm font-medium text-link hover:underline">
          Sessions
        </Link>
        .
      </p>
    </div>
  );
}
