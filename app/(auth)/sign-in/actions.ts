'use server';

import { signInSchema, type SignInResult, type SignInValues } from '@/components/auth/sign-in-schema';

/**
 * PLACEHOLDER until the identity work lands (it replaces this file with the real Auth.js
 * credentials sign-in: rate limit, password check, session row, cookie, redirect to `next`).
 * It validates like the real one will, then says sign-in is not available yet.
 */
export async function signInAction(values: SignInValues): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return { error: 'Check your email address and password, then try again.' };
  return { error: 'Sign-in is not enabled on this server yet.' };
}
