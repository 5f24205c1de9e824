import { mayManageMember, type Verdict } from '@/lib/access/policy';

/**
 * Second-factor rules, pure (no database): what a typed code is, how recovery codes look, how long things last.
 * The server and the console's forms use the same functions.
 */

/** Wrong codes (TOTP or recovery) allowed per person in a window before verification answers 429. */
export const CODE_ATTEMPTS = 5;
export const CODE_WINDOW_SECONDS = 15 * 60;

/** A TOTP code is accepted one 30-second step early or late (clock drift), never twice. */
export const TOTP_WINDOW = 1;
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'Custos';

/** A WebAuthn challenge is valid this long, once. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export const RECOVERY_CODE_COUNT = 10;
/** Recovery codes: 10 characters from an alphabet without look-alikes (no 0/o, 1/l/i), shown as two groups of five. */
export const RECOVERY_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const RECOVERY_CODE_LENGTH = 10;

/** The longest name a passkey may have. */
export const PASSKEY_NAME_MAX = 60;

export type CodeKind = { kind: 'totp'; code: string } | { kind: 'recovery_code'; code: string } | { kind: 'invalid' };

/**
 * What a typed code is: six digits (spaces allowed, "123 456") are an authenticator code; ten characters of the
 * recovery alphabet (a dash or spaces between the groups, any case) a recovery code, normalised; anything else is
 * neither and is refused without a lookup.
 */
export function classifyCode(input: string): CodeKind {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  if (compact.length === RECOVERY_CODE_LENGTH && [...compact].every((c) => RECOVERY_CODE_ALPHABET.includes(c))) {
    return { kind: 'recovery_code', code: compact };
  }
  return { kind: 'invalid' };
}

/** A recovery code as shown: "abcde-fghij". */
export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The key of an authenticator app in groups of four, as people type it: "JBSW Y3DP EHPK 3PXP". */
export function groupKey(base32: string): string {
  return base32.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A random recovery code (normalised form) from `bytes`, one random byte per character, unbiased by rejection. */
export function recoveryCodeFrom(nextByte: () => number): string {
  const n = RECOVERY_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < RECOVERY_CODE_LENGTH) {
    const byte = nextByte();
    if (byte < limit) out += RECOVERY_CODE_ALPHABET[byte % n];
  }
  return out;
}

/**
 * May the actor reset a member's second factors (authenticator app, passkeys, recovery codes)? Those who may change
 * members (members.update), for a member within their power (lib/access/policy.ts mayManageMember); their own too
 * (audited like any other). The server checks the same with requirePermission and assertMayManageMembers.
 */
export function mayResetSecondFactors(
  actor: { id: string; permissions: ReadonlySet<string> },
  target: { id: string; permissions: ReadonlySet<string> },
): Verdict {
  if (!actor.permissions.has('members.update')) {
    return { allowed: false, missing: ['members.update'], reason: 'Resetting second factors needs the Change members permission.' };
  }
  return mayManageMember(actor, target, { allowSelf: true });
}
