import { z } from 'zod';

/**
 * What the sign-in form sends. Kept outside the 'use client' form module so the server action can
 * parse with the very same schema. (The identity work may move it to lib/auth/schemas.ts.)
 */
export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email('Enter a valid email address, like name@company.com.')),
  password: z.string().min(1, 'Enter your password.').max(128, 'Passwords are at most 128 characters.'),
  /** Where to go after signing in (a path on this site), carried from `?next=`. */
  next: z.string().max(2048).optional(),
});

export type SignInInput = z.input<typeof signInSchema>;
export type SignInValues = z.output<typeof signInSchema>;
/** `error` is shown above the form; `action` adds a link after it (e.g. resend the confirmation email). */
export type SignInResult = { error?: string; action?: { href: string; label: string } } | void;
export type SignInAction = (values: SignInValues) => Promise<SignInResult>;

/**
 * The email-first step: where this email signs in. `{ url }` when its domain belongs to a tenant's SSO (the page goes
 * there), null to sign in here with a password or passkey. Never says whether an account exists.
 */
export type SsoDiscoveryAction = (email: string, next?: string) => Promise<{ url: string } | null>;

/** An address worth asking about (the sign-in schema's own email rule). */
export const discoverableEmail = (email: string): string | null => {
  const parsed = signInSchema.shape.email.safeParse(email);
  return parsed.success ? parsed.data : null;
};

/** `next` only when it is a path on this site (no `//host`, no scheme), else undefined. */
export function safeNextPath(next: string | string[] | null | undefined): string | undefined {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  // eslint-disable-next-line no-control-regex -- a control character in the path is exactly what is refused
  if (/[\u0000-\u001f]/.test(value)) return undefined;
  return value;
}
