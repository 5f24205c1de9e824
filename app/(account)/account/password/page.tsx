import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { PasswordForm } from '@/components/account/password-form';
import { safeNextPath } from '@/components/auth/sign-in-schema';
import { Alert } from '@/components/ui/alert';
import { passwordAge } from '@/lib/auth/password-expiry';
import { passwordRulesForUser } from '@/lib/auth/password-rules';
import { getCurrentUser } from '@/lib/auth/current-user';
import { changePasswordAction } from '../actions';

export const metadata: Metadata = { title: 'Password' };

/**
 * Change your password (needs the current one); the other sessions end. The rules shown are the strictest of the
 * person's tenants'. A password past its maximum age gets a notice (the console sends such a person here with
 * `?expired=1&next=…`; the notice shows whenever it is expired, whatever the address says).
 */
export default async function PasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next) ?? null;
  const user = await getCurrentUser();
  if (!user)
    redirect(`/sign-in?next=${encodeURIComponent(`/account/password${next ? `?expired=1&next=${encodeURIComponent(next)}` : ''}`)}`);
  const [{ policy, tenantNames }, age] = await Promise.all([passwordRulesForUser(user.id), passwordAge(await getDb(), user.id)]);
  return (
    <div className="grid max-w-3xl gap-3">
      {age.expired ? (
        <Alert tone="warning" title="Your password has expired" data-testid="password-expired">
          Your tenant&apos;s password rules ask for a new password every {age.maxAgeDays} days. Choose a new one below to carry on working
          in the console.
        </Alert>
      ) : null}
      <PasswordForm
        action={changePasswordAction}
        policy={policy}
        owner={{ email: user.email, name: user.name, tenantNames }}
        next={age.expired ? next : null}
      />
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
