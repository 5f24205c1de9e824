'use server';

import { AuthError } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { configuredOAuthProviders, RateLimitedSignIn, SIGN_IN_ERROR, signIn, signOut } from '@/auth';
import { secondFactorSchema, type PasskeyOptionsResult, type SecondFactorValues } from '@/components/auth/second-factor-schema';
import { discoverableEmail, safeNextPath, signInSchema, type SignInResult, type SignInValues } from '@/components/auth/sign-in-schema';
import { discoverSso } from '@/lib/sso/domains/discover-sso';
import { passkeyAuthenticationOptions } from '@/lib/auth/mfa/passkey-authentication';
import { PENDING_SIGN_IN_COOKIE } from '@/lib/auth/pending-sign-in-cookie';
import { readPendingSignIn } from '@/lib/auth/sign-in-challenge';
import { DomainError } from '@/lib/errors';
import { actionMeta } from '@/lib/http/action-result';
import { logger } from '@/lib/platform/logger';

/**
 * Console sign-in: Auth.js's credentials provider (which calls `authenticate`: rate limit, password
 * check, audit) sets the session cookie; then on to `next` when it is a path on this site. The words
 * never reveal whether an account exists for the email.
 */
export async function signInAction(values: SignInValues): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return { error: 'Check your email address and password, then try again.' };
  const { email, password, next } = parsed.data;
  try {
    await signIn('credentials', { email, password, redirect: false });
  } catch (error) {
    // The right password of a person with a second factor: on to the second step (the pending step is in a cookie).
    if (signInErrorCode(error) === SIGN_IN_ERROR.secondFactorRequired) redirect(verifyPath(next));
    return signInFailure(error);
  }
  redirect(safeNextPath(next) ?? '/');
}

/**
 * Email first: where the typed address signs in. Its domain verified by a tenant with an enabled SSO connection →
 * that connection's start address (with the address as login_hint and `next` as returnTo); otherwise null and the
 * password form stays. The same answer for every address of a domain: nothing about accounts is revealed.
 */
export async function ssoDiscoveryAction(email: string, next?: string): Promise<{ url: string } | null> {
  const address = typeof email === 'string' ? discoverableEmail(email) : null;
  if (!address) return null;
  const { sso } = await discoverSso({ email: address }, { returnTo: safeNextPath(next) ?? null });
  return sso;
}

const verifyPath = (next: string | undefined) => {
  const safe = safeNextPath(next);
  return safe ? `/sign-in/verify?next=${encodeURIComponent(safe)}` : '/sign-in/verify';
};

const signInErrorCode = (error: unknown) =>
  error instanceof AuthError && error.type === 'CredentialsSignin' ? (error as AuthError & { code?: string }).code : undefined;

/** The pending step's token from its httpOnly cookie, or undefined. */
async function pendingToken(): Promise<string | undefined> {
  return (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value || undefined;
}

/**
 * Second step with a code (authenticator app or recovery code): Auth.js's 'second-factor' provider completes the
 * sign-in from the pending step in the cookie; then on to `next`.
 */
export async function secondFactorAction(values: SecondFactorValues): Promise<SignInResult> {
  const parsed = secondFactorSchema.safeParse(values);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter the code, then try again.' };
  const mfaToken = await pendingToken();
  if (!mfaToken) return stepExpired();
  try {
    await signIn('second-factor', { mfaToken, code: parsed.data.code, redirect: false });
  } catch (error) {
    return signInFailure(error);
  }
  redirect(safeNextPath(parsed.data.next) ?? '/');
}

/**
 * What the browser needs to ask its authenticator: for the second step, the person's own passkeys; for a passkey-only
 * sign-in, any passkey of this site the authenticator holds (discoverable credentials, no email typed).
 */
export async function passkeyOptionsAction(step: 'second' | 'only'): Promise<PasskeyOptionsResult> {
  try {
    if (step === 'second') {
      const mfaToken = await pendingToken();
      const pending = mfaToken ? await readPendingSignIn(mfaToken) : null;
      if (!pending) return stepExpired();
      return await passkeyAuthenticationOptions({ userId: pending.userId });
    }
    return await passkeyAuthenticationOptions({}, await actionMeta());
  } catch (error) {
    if (error instanceof DomainError && error.code === 'rate_limited') return { error: error.message };
    logger.error({ err: error }, 'passkey options failed');
    return { error: 'Signing in with a passkey is not possible right now. Try again in a moment.' };
  }
}

/** The authenticator's answer: Auth.js's 'passkey' provider verifies it and signs the person in; then on to `next`. */
export async function passkeySignInAction(input: {
  step: 'second' | 'only';
  challengeId: string;
  response: unknown;
  next?: string;
}): Promise<SignInResult> {
  const mfaToken = input.step === 'second' ? await pendingToken() : undefined;
  if (input.step === 'second' && !mfaToken) return stepExpired();
  try {
    await signIn('passkey', {
      challengeId: input.challengeId,
      response: JSON.stringify(input.response ?? null),
      mfaToken: mfaToken ?? '',
      redirect: false,
    });
  } catch (error) {
    return signInFailure(error);
  }
  redirect(safeNextPath(input.next) ?? '/');
}

function stepExpired(): { error: string; action: { href: string; label: string } } {
  return {
    error: 'This sign-in step has expired. Start again with your email and password.',
    action: { href: '/sign-in', label: 'Start again' },
  };
}

function signInFailure(error: unknown): SignInResult {
  if (error instanceof AuthError && error.type === 'CredentialsSignin') {
    const code = (error as AuthError & { code?: string }).code;
    if (code === SIGN_IN_ERROR.rateLimited) {
      const seconds = error instanceof RateLimitedSignIn ? error.retryAfterSeconds : 15 * 60;
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return { error: `Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
    }
    if (code === SIGN_IN_ERROR.invalidCode) return { error: 'That code or passkey was not accepted. Check it and try again.' };
    if (code === SIGN_IN_ERROR.stepExpired) return stepExpired();
    if (code === SIGN_IN_ERROR.accountDeactivated) return { error: 'This account has been deactivated. Contact your administrator.' };
    if (code === SIGN_IN_ERROR.emailUnverified) {
      return {
        error: 'Confirm your email first: follow the link we sent you.',
        action: { href: '/sign-up?resend=1', label: 'Send a new link' },
      };
    }
    return { error: 'The email or password is incorrect.' };
  }
  logger.error({ err: error }, 'console sign-in failed');
  return { error: 'Signing in is not possible right now. Try again in a moment.' };
}

/** "Continue with GitHub / Google / single sign-on": off to the provider, back to `next` afterwards. */
export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = formText(formData, 'provider');
  const next = safeNextPath(formText(formData, 'next')) ?? '/';
  if (!configuredOAuthProviders().some((p) => p.id === provider)) redirect('/sign-in?error=Configuration');
  await signIn(provider, { redirectTo: next });
}

/** The user menu's "Sign out": revokes this session's row (events.signOut) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}

/** A text field of the form; a file or a missing field reads as ''. */
function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}
