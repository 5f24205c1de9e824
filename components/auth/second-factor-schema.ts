import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { z } from 'zod';

/**
 * What the second sign-in step sends (a code from the authenticator app, or a recovery code), kept outside the
 * 'use client' form so the server action parses with the very same schema.
 */
export const secondFactorSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the code.')
    .min(6, 'The code has at least 6 characters.')
    .max(40, 'That is not a code from an authenticator app or a recovery code.'),
  next: z.string().max(2048).optional(),
});

export type SecondFactorInput = z.input<typeof secondFactorSchema>;
export type SecondFactorValues = z.output<typeof secondFactorSchema>;

/** The options the browser hands its authenticator, and the id of the challenge they carry; or why not. */
export type PasskeyOptionsResult =
  { options: PublicKeyCredentialRequestOptionsJSON; challengeId: string } | { error: string; action?: { href: string; label: string } };
