'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { configuredOAuthProviders, RateLimitedSignIn, SIGN_IN_ERROR, signIn, signOut } from '@/auth';
import { safeNextPath, signInSchema, type SignInResult, type SignInValues } from '@/components/auth/sign-in-schema';
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
    return signInFailure(error);
  }
  redirect(safeNextPath(next) ?? '/');
}

function signInFailure(error: unknown): SignInResult {
  if (error instanceof AuthError && error.type === 'CredentialsSignin') {
    const code = (error as AuthError & { code?: string }).code;
    if (code === SIGN_IN_ERROR.rateLimited) {
      const seconds = error instanceof RateLimitedSignIn ? error.retryAfterSeconds : 15 * 60;
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return { error: `Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
    }
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
