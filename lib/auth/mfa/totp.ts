import { Secret, TOTP } from 'otpauth';
import { now } from '@/lib/platform/clock';
import { TOTP_ISSUER, TOTP_PERIOD_SECONDS, TOTP_WINDOW } from './policy';

/** An authenticator app's TOTP (RFC 6238: SHA-1, six digits, 30 seconds) for a base32 secret, labelled with the email. */
export function totpFor(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A fresh 160-bit secret (base32), as RFC 4226 recommends. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The 30-second step a six-digit code belongs to, judged by the app's clock (lib/platform/clock.ts) one step either
 * way, or null when it matches none. The caller refuses a step already used.
 */
export function matchingStep(secretBase32: string, code: string): number | null {
  const totp = totpFor(secretBase32);
  const timestamp = now().getTime();
  const delta = totp.validate({ token: code, timestamp, window: TOTP_WINDOW });
  if (delta === null) return null;
  return totp.counter({ timestamp }) + delta;
}
