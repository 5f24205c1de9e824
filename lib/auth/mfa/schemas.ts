import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { PASSKEY_NAME_MAX, RECOVERY_CODE_COUNT } from './policy';

// Second factors: one definition per form and endpoint (forms, server actions, route handlers, OpenAPI).

const base64url = (what: string, max: number) =>
  z
    .string({ message: `${what} is missing.` })
    .min(1, `${what} is missing.`)
    .max(max, `${what} is too long.`)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url.`);

/** A six-digit code from an authenticator app ("123456" or "123 456"). */
export const totpCodeSchema = z
  .string({ message: 'Enter the six-digit code from your authenticator app.' })
  .trim()
  .regex(/^\d{3} ?\d{3}$/, 'Enter the six-digit code from your authenticator app.')
  .meta({ examples: ['492039'] });

export const confirmTotpSchema = z.strictObject({ code: totpCodeSchema }).meta({ examples: [{ code: '492039' }] });
export type ConfirmTotpInput = z.input<typeof confirmTotpSchema>;

/** A code typed to prove a second factor: six digits from the app, or a recovery code ("abcde-fghij"). */
export const secondFactorCodeSchema = z
  .string({ message: 'Enter a code from your authenticator app or a recovery code.' })
  .trim()
  .min(1, 'Enter a code from your authenticator app or a recovery code.')
  .max(32, 'At most 32 characters.')
  .meta({ examples: ['492039', 'k7m2q-x9rt4'] });

export const passkeyNameSchema = z
  .string({ message: 'Name the passkey.' })
  .trim()
  .min(1, 'Name the passkey, for example “Work laptop”.')
  .max(PASSKEY_NAME_MAX, `At most ${PASSKEY_NAME_MAX} characters.`)
  .meta({ examples: ['Work laptop'] });

export const passkeyParamsSchema = z.strictObject({ id: z.uuid({ message: 'Must be a passkey id (a UUID).' }) });

export const renamePasskeySchema = z.strictObject({ name: passkeyNameSchema }).meta({ examples: [{ name: 'YubiKey 5C' }] });

/** What the browser's startRegistration() answers (RegistrationResponseJSON), checked by @simplewebauthn/server. */
export const registrationResponseSchema = z
  .object({
    id: base64url('The credential id', 1024),
    rawId: base64url('The raw credential id', 1024),
    type: z.literal('public-key', { message: 'Must be "public-key".' }),
    response: z.looseObject({
      clientDataJSON: base64url('clientDataJSON', 8192),
      attestationObject: base64url('attestationObject', 65536),
      authenticatorData: base64url('authenticatorData', 65536).optional(),
      transports: z.array(z.string().max(32)).max(10).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url('publicKey', 8192).optional(),
    }),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()),
  })
  .meta({
    id: 'PasskeyRegistrationResponse',
    description: 'The answer of navigator.credentials.create(), as @simplewebauthn/browser returns it.',
  });

/** What the browser's startAuthentication() answers (AuthenticationResponseJSON). */
export const authenticationResponseSchema = z
  .object({
    id: base64url('The credential id', 1024),
    rawId: base64url('The raw credential id', 1024),
    type: z.literal('public-key', { message: 'Must be "public-key".' }),
    response: z.looseObject({
      clientDataJSON: base64url('clientDataJSON', 8192),
      authenticatorData: base64url('authenticatorData', 65536),
      signature: base64url('signature', 8192),
      userHandle: base64url('userHandle', 1024).optional(),
    }),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()),
  })
  .meta({
    id: 'PasskeyAuthenticationResponse',
    description: 'The answer of navigator.credentials.get(), as @simplewebauthn/browser returns it.',
  });

const challengeIdSchema = z.uuid({ message: 'Must be the challengeId that came with the options.' });

export const addPasskeySchema = z
  .strictObject({ challengeId: challengeIdSchema, name: passkeyNameSchema, response: registrationResponseSchema })
  .meta({
    examples: [
      {
        challengeId: EXAMPLE_IDS.session,
        name: 'Work laptop',
        response: {
          id: 'dGhpcyBpcyBhIGNyZWRlbnRpYWw',
          rawId: 'dGhpcyBpcyBhIGNyZWRlbnRpYWw',
          type: 'public-key',
          response: {
            clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0',
            attestationObject: 'o2NmbXRkbm9uZQ',
            transports: ['internal'],
          },
          clientExtensionResults: {},
        },
      },
    ],
  });

export const passkeyAuthenticationSchema = z.strictObject({ challengeId: challengeIdSchema, response: authenticationResponseSchema });

export const passkeySchema = z
  .object({ id: z.uuid(), name: z.string(), createdAt: outputDateTime(), lastUsedAt: outputDateTime().nullable() })
  .meta({
    id: 'Passkey',
    examples: [{ id: EXAMPLE_IDS.session, name: 'Work laptop', createdAt: EXAMPLE_TIMES.created, lastUsedAt: EXAMPLE_TIMES.updated }],
  });

export const secondFactorsSchema = z
  .object({ totp: z.boolean(), passkeys: z.array(passkeySchema), recoveryCodesLeft: z.number().int() })
  .meta({
    id: 'SecondFactors',
    examples: [
      {
        totp: true,
        passkeys: [{ id: EXAMPLE_IDS.session, name: 'Work laptop', createdAt: EXAMPLE_TIMES.created, lastUsedAt: null }],
        recoveryCodesLeft: 9,
      },
    ],
  });

export const totpEnrolmentSchema = z.object({ secret: z.string(), otpauthUrl: z.string() }).meta({
  id: 'TotpEnrolment',
  examples: [
    {
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      otpauthUrl:
        'otpauth://totp/Custos:dana.whitfield%40acme-pharma.example?issuer=Custos&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
    },
  ],
});

/** Ten recovery codes as the API shows them once (the examples of every answer that carries new codes). */
const EXAMPLE_RECOVERY_CODES = [
  'k7m2q-x9rt4',
  'p3vwz-h8cn2',
  'b6d9f-t4kx7',
  'r2s8m-w5yq3',
  'e9h4n-c7pz6',
  'u5g3t-k2wx8',
  'a8q6r-m3vd9',
  'z4y7c-p9fh2',
  'n6w2e-b5ks3',
  'x3t9u-g7ma4',
];

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT) }).meta({
  id: 'RecoveryCodes',
  examples: [
    {
      recoveryCodes: EXAMPLE_RECOVERY_CODES,
    },
  ],
});

export const passkeyRegistrationOptionsSchema = z
  .object({
    challengeId: z.uuid(),
    options: z
      .record(z.string(), z.unknown())
      .meta({ description: 'PublicKeyCredentialCreationOptionsJSON for @simplewebauthn/browser startRegistration().' }),
  })
  .meta({
    id: 'PasskeyRegistrationOptions',
    examples: [
      {
        challengeId: EXAMPLE_IDS.session,
        options: {
          challenge: 'c2VydmVyLWNoYWxsZW5nZQ',
          rp: { name: 'Custos', id: 'custos.example.com' },
          user: { id: 'ZmEwYTdmODg', name: 'dana.whitfield@acme-pharma.example', displayName: 'Dana Whitfield' },
          pubKeyCredParams: [
            { alg: -8, type: 'public-key' },
            { alg: -7, type: 'public-key' },
            { alg: -257, type: 'public-key' },
          ],
          timeout: 60000,
          attestation: 'none',
          excludeCredentials: [],
          authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred', requireResidentKey: false },
        },
      },
    ],
  });

export const memberSecondFactorsResetSchema = z
  .object({ totp: z.boolean(), passkeys: z.number().int(), recoveryCodes: z.number().int() })
  .meta({ id: 'SecondFactorsReset', examples: [{ totp: true, passkeys: 2, recoveryCodes: 8 }] });

export const addedPasskeySchema = passkeySchema
  .extend({
    recoveryCodes: z
      .array(z.string())
      .optional()
      .meta({ description: 'Ten recovery codes, only when this passkey is the first second factor; shown this once.' }),
  })
  .meta({
    id: 'AddedPasskey',
    examples: [
      {
        id: EXAMPLE_IDS.session,
        name: 'Work laptop',
        createdAt: EXAMPLE_TIMES.created,
        lastUsedAt: null,
        recoveryCodes: EXAMPLE_RECOVERY_CODES,
      },
    ],
  });
