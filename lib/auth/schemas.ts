import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime, outputEmail } from '@/lib/validation';
import { passkeyAuthenticationSchema } from './mfa/schemas';
import { newPasswordSchema } from './password-policy';

// One definition per form and endpoint: react-hook-form resolvers, server actions, route handlers and OpenAPI.

export const emailSchema = z
  .string({ message: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters.')
  .pipe(z.email({ message: 'Enter a valid email address.' }))
  // The document shows the accepted form: an address (any case, surrounding whitespace trimmed; stored lower-cased).
  .meta({
    format: 'email',
    description: 'An email address; compared and stored lower-cased.',
    examples: ['dana.whitfield@acme-pharma.example'],
  });

export const nameSchema = z.string({ message: 'Enter your name.' }).trim().min(1, 'Enter your name.').max(100, 'At most 100 characters.');

/** A password being checked (sign-in, current password): any length up to the maximum, no policy. */
export const passwordInputSchema = z
  .string({ message: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(128, 'At most 128 characters.');

export const tokenSchema = z
  .string({ message: 'The link is missing its token.' })
  .min(20, 'This link is not valid.')
  .max(200, 'This link is not valid.');

export const registerSchema = z
  .strictObject({ email: emailSchema, password: newPasswordSchema, name: nameSchema })
  .meta({ examples: [{ email: 'dana.whitfield@acme-pharma.example', password: 'correct horse battery staple', name: 'Dana Whitfield' }] });
export type RegisterInput = z.infer<typeof registerSchema>;

export const signInSchema = z
  .strictObject({ email: emailSchema, password: passwordInputSchema })
  .meta({ examples: [{ email: 'dana.whitfield@acme-pharma.example', password: 'correct horse battery staple' }] });
export type SignInInput = z.infer<typeof signInSchema>;

const exampleToken = 'q3Vt9xR2mLp8ZkW4nYb7Hc1sJd6Fg0Ae';
export const verifyEmailSchema = z.strictObject({ token: tokenSchema }).meta({ examples: [{ token: exampleToken }] });
export const unlockAccountSchema = z.strictObject({ token: tokenSchema }).meta({ examples: [{ token: exampleToken }] });
export const forgotPasswordSchema = z
  .strictObject({ email: emailSchema })
  .meta({ examples: [{ email: 'dana.whitfield@acme-pharma.example' }] });
export const resetPasswordSchema = z
  .strictObject({ token: tokenSchema, password: newPasswordSchema })
  .meta({ examples: [{ token: exampleToken, password: 'a new long passphrase 2026' }] });
export const changePasswordSchema = z
  .strictObject({ currentPassword: passwordInputSchema, newPassword: newPasswordSchema })
  .meta({ examples: [{ currentPassword: 'correct horse battery staple', newPassword: 'a new long passphrase 2026' }] });
export const refreshSchema = z.strictObject({ refreshToken: tokenSchema }).meta({ examples: [{ refreshToken: exampleToken }] });
export const logoutSchema = z.strictObject({ refreshToken: tokenSchema.optional() }).meta({ examples: [{ refreshToken: exampleToken }] });

export const updateProfileSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: z.string().trim().max(500, 'At most 500 characters.').nullable().optional(),
  })
  .meta({ examples: [{ name: 'Dana Whitfield', description: 'Head of QA, Berlin site' }] });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

export const meSchema = z
  .object({
    id: z.uuid(),
    email: outputEmail(),
    name: z.string(),
    description: z.string().nullable(),
    image: z.string().nullable(),
    isPlatformAdmin: z.boolean(),
    memberships: z.array(
      z.object({
        tenant: z.object({ slug: z.string(), name: z.string() }),
        roles: z.array(z.string()),
      }),
    ),
    /**
     * Invitations to the person's verified email that can still be accepted, soonest to expire first. The link to
     * accept one is in its mail only.
     */
    pendingInvitations: z.array(
      z.object({
        id: z.uuid(),
        tenant: z.object({ slug: z.string(), name: z.string() }),
        roles: z.array(z.string()),
        invitedBy: z.string(),
        expiresAt: outputDateTime(),
      }),
    ),
  })
  .meta({
    id: 'Me',
    examples: [
      {
        id: EXAMPLE_IDS.user,
        email: 'dana.whitfield@acme-pharma.example',
        name: 'Dana Whitfield',
        description: 'Head of QA, Berlin site',
        image: null,
        isPlatformAdmin: false,
        memberships: [{ tenant: { slug: 'acme-pharma', name: 'Acme Pharma' }, roles: ['QA Reviewer'] }],
        pendingInvitations: [
          {
            id: EXAMPLE_IDS.invitation,
            tenant: { slug: 'globex-biologics', name: 'Globex Biologics' },
            roles: ['Operator'],
            invitedBy: 'Sam Okafor',
            expiresAt: EXAMPLE_TIMES.expires,
          },
        ],
      },
    ],
  });
export type Me = z.infer<typeof meSchema>;

export const tokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int(),
    user: z.object({ id: z.uuid(), email: outputEmail(), name: z.string() }),
  })
  .meta({
    id: 'TokenPair',
    examples: [
      {
        accessToken: 'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYTBhN2Y4OCJ9.c2lnbmF0dXJl',
        refreshToken: 'rt_q3Vt9xR2mLp8ZkW4nYb7Hc1sJd6Fg0Ae',
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { id: EXAMPLE_IDS.user, email: 'dana.whitfield@acme-pharma.example', name: 'Dana Whitfield' },
      },
    ],
  });

export const sessionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['browser', 'token']),
    createdAt: outputDateTime(),
    lastSeenAt: outputDateTime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({
    id: 'Session',
    examples: [
      {
        id: EXAMPLE_IDS.session,
        kind: 'browser',
        createdAt: EXAMPLE_TIMES.created,
        lastSeenAt: EXAMPLE_TIMES.updated,
        ip: '203.0.113.24',
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
        current: true,
      },
    ],
  });

/** A second-factor code as typed: six digits from an authenticator app, or a recovery code (spaces and dashes allowed). */
export const secondFactorCodeSchema = z
  .string({ message: 'Enter the code from your authenticator app or a recovery code.' })
  .trim()
  .min(6, 'Enter the code from your authenticator app or a recovery code.')
  .max(40, 'That is not a code from an authenticator app or a recovery code.');

/** `POST /api/v1/auth/token/mfa`: the second step of an API sign-in. */
export const mfaSignInSchema = z
  .strictObject({
    mfaToken: z
      .string({ message: 'Send the mfaToken of the first step.' })
      .min(20, 'This mfaToken is not valid.')
      .max(200, 'This mfaToken is not valid.'),
    code: secondFactorCodeSchema,
  })
  .meta({ examples: [{ mfaToken: 'cmf_q3Vt9xR2mLp8ZkW4nYb7Hc1sJd6Fg0AeXy5Tu2Qw9Er', code: '492039' }] });

/** The 401 of `POST /api/v1/auth/token` for a person with a second factor: a problem with the token of step two. */
export const mfaRequiredProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.literal(401),
    detail: z.string(),
    code: z.literal('mfa_required'),
    mfaToken: z.string(),
    requestId: z.string(),
  })
  .meta({ id: 'MfaRequiredProblem' });

/** `POST /api/v1/me/mfa/verify`: a step-up check of the signed-in session. */
export const stepUpCodeSchema = z.strictObject({ code: secondFactorCodeSchema }).meta({ examples: [{ code: '492039' }] });

/** The answer of a step-up check: the session counts as verified until `validUntil` (10 minutes). */
export const stepUpResultSchema = z
  .object({ mfaVerifiedAt: outputDateTime(), validUntil: outputDateTime() })
  .meta({ id: 'StepUpResult', examples: [{ mfaVerifiedAt: '2026-03-02T09:14:00.000Z', validUntil: '2026-03-02T09:24:00.000Z' }] });

/** Options for the browser to sign a step-up (or sign-in) challenge with a passkey (@simplewebauthn/browser startAuthentication). */
export const passkeyAuthenticationOptionsSchema = z.object({ options: z.record(z.string(), z.unknown()), challengeId: z.uuid() }).meta({
  id: 'PasskeyAuthenticationOptions',
  examples: [
    {
      options: {
        challenge: 'q3Vt9xR2mLp8ZkW4nYb7Hc1sJd6Fg0Ae',
        rpId: 'custos.example.com',
        allowCredentials: [],
        userVerification: 'required',
        timeout: 60000,
      },
      challengeId: '4f6c1b7e-2a9d-4c3e-8b5a-9d2e7f1a3c60',
    },
  ],
});

/** `POST /api/v1/me/mfa/verify/passkey`: the browser's answer to the step-up options, with their challengeId. */
export const stepUpPasskeySchema = passkeyAuthenticationSchema.meta({
  examples: [
    {
      challengeId: '4f6c1b7e-2a9d-4c3e-8b5a-9d2e7f1a3c60',
      response: {
        id: 'mJ9dQk2xT0a7Vb1cR4uE8w',
        rawId: 'mJ9dQk2xT0a7Vb1cR4uE8w',
        type: 'public-key',
        response: {
          clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0',
          authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
          signature: 'MEUCIQDv6c7b0lYk2w',
          userHandle: 'Zm9vYmFy',
        },
        clientExtensionResults: {},
      },
    },
  ],
});
