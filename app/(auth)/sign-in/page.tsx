import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { KeyRound } from 'lucide-react';
import { configuredOAuthProviders, type OAuthProviderInfo } from '@/auth';
import { PasskeyButton } from '@/components/auth/passkey-button';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/components/auth/sign-in-schema';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/current-user';
import { applicationOfPendingSignIn } from '@/lib/oidc-provider/interaction';
import { oauthSignInAction, passkeyOptionsAction, passkeySignInAction, signInAction, ssoDiscoveryAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

/** Words for the errors Auth.js sends back here (`?error=…&code=…`), e.g. after an OAuth round trip. */
function errorMessage(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  switch (error) {
    case 'CredentialsSignin':
      if (code === 'rate_limited') return 'Too many attempts. Wait a few minutes, then try again.';
      if (code === 'email_unverified') return 'Confirm your email first: follow the link we sent you.';
      if (code === 'account_deactivated') return 'This account has been deactivated. Contact your administrator.';
      if (code === 'mfa_expired') return 'That sign-in step expired. Sign in again with your email and password.';
      if (code === 'invalid_code') return 'That code or passkey was not accepted. Sign in again.';
      return 'The email or password is incorrect.';
    case 'OAuthAccountNotLinked':
      return 'An account with this email already exists. To connect this sign-in method, the email address must be confirmed both with the provider and in Custos: sign in with your password, or confirm your email first.';
    case 'OAuthNoEmail':
      return 'The provider did not share an email address, so we cannot sign you in with it.';
    case 'AccessDenied':
      return 'That sign-in was not allowed.';
    case 'Configuration':
      // Auth.js also answers this when its database is unreachable (an outage), not only for a missing provider.
      return 'Signing in did not work: that sign-in method is not available, or the service cannot reach its database right now. Try again in a moment.';
    default:
      return 'Signing in with that provider did not work. Try again, or use your email and password.';
  }
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getCurrentUser()) redirect(next ?? '/');
  const providers = configuredOAuthProviders();
  const application = await applicationOfPendingSignIn(next);
  const problem =
    errorMessage(first(params.error), first(params.code)) ??
    (first(params.reason) === 'idle' ? 'Your session was idle for longer than this tenant allows. Sign in again to continue.' : null);

  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Sign in to Custos</h1>
        {application ? (
          <p className="text-sm" data-testid="sign-in-application">
            to continue to <span className="font-medium">{application.clientName}</span> ({application.systemName})
          </p>
        ) : null}
        <CardDescription>Enter your email address. If your company uses single sign-on, we take you to its sign-in page.</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        {problem ? (
          <Alert tone="danger" role="alert" className="mb-4">
            {problem}
          </Alert>
        ) : null}
        <SignInForm action={signInAction} discover={ssoDiscoveryAction} next={next} email={first(params.email)?.slice(0, 254)} />
        <div className="relative my-4 flex items-center" aria-hidden="true">
          <span className="h-px flex-1 bg-border" />
          <span className="px-2 text-xs text-muted-foreground">or</span>
          <span className="h-px flex-1 bg-border" />
        </div>
        <PasskeyButton
          step="only"
          next={next}
          label="Sign in with a passkey"
          optionsAction={passkeyOptionsAction}
          signInAction={passkeySignInAction}
        />
        {providers.length > 0 ? <OAuthButtons providers={providers} next={next} /> : null}
      </CardContent>
      <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6">
        <span>
          New to Custos?{' '}
          <Link href="/sign-up" className="rounded-sm font-medium text-link hover:underline">
            Create an account
          </Link>
        </span>
      </CardFooter>
    </Card>
  );
}

function OAuthButtons({ providers, next }: { providers: OAuthProviderInfo[]; next?: string }) {
  return (
    <div className="mt-5">
      <div className="relative mb-4 flex items-center" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />
        <span className="px-2 text-xs text-muted-foreground">or</span>
        <span className="h-px flex-1 bg-border" />
      </div>
      <ul className="grid gap-2" aria-label="Other ways to sign in">
        {providers.map((provider) => (
          <li key={provider.id}>
            <form action={oauthSignInAction}>
              <input type="hidden" name="provider" value={provider.id} />
              {next ? <input type="hidden" name="next" value={next} /> : null}
              <Button type="submit" variant="secondary" size="lg" className="w-full">
                <ProviderIcon id={provider.id} />
                Continue with {provider.name}
              </Button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProviderIcon({ id }: { id: OAuthProviderInfo['id'] }) {
  if (id === 'github') {
    return (
      <svg viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
        <path d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z" />
      </svg>
    );
  }
  if (id === 'google') {
    return (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="#4285F4"
          d="M22.56 12.25c0-.78-.07-1.53-.2-2.25H12v4.26h5.92a5.06 5.06 0 0 1-2.2 3.32v2.76h3.56c2.08-1.92 3.28-4.74 3.28-8.09z"
        />
        <path
          fill="#34A853"
          d="M12 23c2.97 0 5.46-.98 7.28-2.66l-3.56-2.76c-.98.66-2.23 1.06-3.72 1.06-2.86 0-5.29-1.93-6.16-4.53H2.18v2.84A11 11 0 0 0 12 23z"
        />
        <path fill="#FBBC05" d="M5.84 14.11a6.6 6.6 0 0 1 0-4.22V7.05H2.18a11 11 0 0 0 0 9.9l3.66-2.84z" />
        <path
          fill="#EA4335"
          d="M12 5.38c1.62 0 3.06.56 4.21 1.64l3.15-3.15C17.45 2.09 14.97 1 12 1A11 11 0 0 0 2.18 7.05l3.66 2.84C6.71 7.31 9.14 5.38 12 5.38z"
        />
      </svg>
    );
  }
  return <KeyRound aria-hidden="true" />;
}
