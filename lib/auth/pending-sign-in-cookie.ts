import { env } from '@/lib/platform/env';
import { SIGN_IN_CHALLENGE_TTL_SECONDS } from './sign-in-challenge';

/**
 * The console's half-done sign-in: the mfaToken of lib/auth/sign-in-challenge.ts between the password and the second
 * factor, in an httpOnly cookie (never in a URL, never readable by scripts), for as long as the step lives.
 */
export const PENDING_SIGN_IN_COOKIE = 'custos-mfa';

export function pendingSignInCookieOptions() {
  return {
    httpOnly: true,
    secure: env().NODE_ENV === 'production',
    sameSite: 'lax' as const,
    path: '/',
    maxAge: SIGN_IN_CHALLENGE_TTL_SECONDS,
  };
}
