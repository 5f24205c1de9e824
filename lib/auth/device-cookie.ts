import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/platform/env';
import { now } from '@/lib/platform/clock';

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): after a successful
 * password sign-in the browser gets `<deviceId>.<expires>.<HMAC(email, deviceId, expires)>`, signed with
 * AUTH_SECRET. Presented again for the same email, it lets its holder past a lockout strangers caused
 * (lib/auth/policy.ts `signInCounter`); its own failures lock the device instead.
 */
export const DEVICE_COOKIE = 'custos-device';
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(email: string, deviceId: string, expires: number): Buffer {
  return createHmac('sha256', env().AUTH_SECRET).update(`custos-device-cookie|${email.toLowerCase()}|${deviceId}|${expires}`).digest();
}

/** A new device token for a person who just signed in with this email. */
export function issueDeviceToken(email: string, deviceId: string = randomUUID()): string {
  const expires = Math.floor(now().getTime() / 1000) + DEVICE_COOKIE_MAX_AGE_SECONDS;
  return `${deviceId}.${expires}.${signature(email, deviceId, expires).toString('base64url')}`;
}

/** The device id of a token issued for this email and not expired, otherwise null. */
export function trustedDeviceId(token: string | null | undefined, email: string): string | null {
  if (!token || token.length > 200) return null;
  const [deviceId, expiresText, given, extra] = token.split('.');
  if (extra !== undefined || !DEVICE_ID.test(deviceId ?? '') || !/^\d{1,12}$/.test(expiresText ?? '') || !given) return null;
  const expires = Number(expiresText);
  if (expires * 1000 <= now().getTime()) return null;
  const expected = signature(email, deviceId, expires);
  const presented = Buffer.from(given, 'base64url');
  return presented.length === expected.length && timingSafeEqual(presented, expected) ? deviceId : null;
}

/** The device token in a Cookie header, if any. */
export function deviceTokenFrom(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === DEVICE_COOKIE) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

/** HttpOnly, SameSite=Lax, long-lived; Secure in production. */
export function deviceCookieOptions() {
  return {
    httpOnly: true,
    secure: env().NODE_ENV === 'production',
    sameSite: 'lax' as const,
    path: '/',
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  };
}

/** A Set-Cookie header value carrying a device token (for the API's token endpoint). */
export function deviceSetCookie(token: string): string {
  const o = deviceCookieOptions();
  return `${DEVICE_COOKIE}=${token}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}
