import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { PasskeyButton } from '@/components/auth/passkey-button';
import { SecondFactorForm } from '@/components/auth/second-factor-form';
import { safeNextPath } from '@/components/auth/sign-in-schema';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/current-user';
import { PENDING_SIGN_IN_COOKIE } from '@/lib/auth/pending-sign-in-cookie';
import { readPendingSignIn } from '@/lib/auth/sign-in-challenge';
import { passkeyOptionsAction, passkeySignInAction, secondFactorAction } from '../actions';

export const metadata: Metadata = { title: 'Confirm it is you' };

/**
 * The second sign-in step, after the right password of a person with a second factor. The pending step lives in an
 * httpOnly cookie (never in the URL) for five minutes; without a live one the page says to start again.
 */
export default async function VerifySignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getCurrentUser()) redirect(next ?? '/');
  const token = (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value;
  const pending = token ? await readPendingSignIn(token) : null;

  if (!pending) {
    return (
      <Card className="w-full shadow-sm">
        <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
          <h1 className="text-lg font-semibold tracking-tight">Start again</h1>
        </CardHeader>
        <CardContent className="px-6 pb-6">
          <Alert tone="warning" role="status" className="mb-4">
            This sign-in step has expired or was already used. Sign in again with your email and password.
          </Alert>
          <Button asChild variant="primary" size="lg" className="w-full">
            <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>Back to sign in</Link>
          </Button>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Confirm it is you</h1>
        <CardDescription>Your password was right. Now enter a code from your authenticator app, or use a passkey.</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <SecondFactorForm action={secondFactorAction} next={next} />
        <div className="relative my-4 flex items-center" aria-hidden="true">
          <span className="h-px flex-1 bg-border" />
          <span className="px-2 text-xs text-muted-foreground">or</span>
          <span className="h-px flex-1 bg-border" />
        </div>
        <PasskeyButton
          step="second"
          next={next}
          label="Use a passkey"
          optionsAction={passkeyOptionsAction}
          signInAction={passkeySignInAction}
        />
      </CardContent>
      <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6">
        <Link href="/sign-in" className="rounded-sm font-medium text-link hover:underline">
          Sign in as someone else
        </Link>
      </CardFooter>
    </Card>
  );
}
