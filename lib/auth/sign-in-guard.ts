import { getDb } from '@/db/client';
import type { RequestMeta } from '@/lib/context';
import { recordPlatformAudit } from '@/lib/audit/record';
import { enqueueEmail, appUrl } from '@/lib/email/outbox';
import { DomainError } from '@/lib/errors';
import { getKv } from '@/lib/platform/kv';
import { now } from '@/lib/platform/clock';

/**
 * Brute-force protection for password sign-in (console and API alike), kept in the kv store so it holds
 * across instances: at most ACCOUNT_LIMIT failures per email and IP_LIMIT per IP address in a window;
 * past that, sign-in for that email (or from that IP) answers 429 `rate_limited` with Retry-After until
 * the window ends. Unknown emails are counted and locked exactly like real ones, so the answers never
 * reveal whether an account exists. A lockout of a real account is audited and its owner is emailed;
 * the unlock is audited when it next signs in (or resets the password).
 */
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;
export const WINDOW_SECONDS = 15 * 60;

type Lock = { until: number };

const key = {
  accountFailures: (email: string) => `signin:fail:acct:${email}`,
  ipFailures: (ip: string) => `signin:fail:ip:${ip}`,
  accountLock: (email: string) => `signin:lock:acct:${email}`,
  ipLock: (ip: string) => `signin:lock:ip:${ip}`,
  wasLocked: (email: string) => `signin:was-locked:${email}`,
};

function rateLimited(untilMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil((untilMs - now().getTime()) / 1000));
  return new DomainError(
    'rate_limited',
    429,
    `Too many sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

/**
 * Before checking a password: refuse (429) while the email or the IP address is locked, then take one
 * of the email's attempts. The counter is taken before the (slow) password check, so parallel attempts
 * cannot run more than ACCOUNT_LIMIT password checks per window. Returns the attempt number.
 */
export async function beginSignInAttempt(email: string, ip: string | null | undefined): Promise<number> {
  const kv = await getKv();
  const at = now().getTime();
  const [accountLock, ipLock] = await Promise.all([kv.get<Lock>(key.accountLock(email)), ip ? kv.get<Lock>(key.ipLock(ip)) : null]);
  const active = [accountLock, ipLock].filter((l): l is Lock => !!l && l.until > at);
  if (active.length > 0) throw rateLimited(Math.max(...active.map((l) => l.until)));
  // A lock whose time is over ends its window: start counting again.
  if (accountLock) await Promise.all([kv.delete(key.accountLock(email)), kv.delete(key.accountFailures(email))]);
  if (ipLock && ip) await Promise.all([kv.delete(key.ipLock(ip)), kv.delete(key.ipFailures(ip))]);
  const attempt = await kv.increment(key.accountFailures(email), WINDOW_SECONDS);
  if (attempt.value > ACCOUNT_LIMIT) throw rateLimited(at + Math.max(1, attempt.ttlSeconds) * 1000);
  return attempt.value;
}

/** A failed attempt: lock the email when it used its last attempt, and count the failure against the IP. */
export async function recordSignInFailure(
  email: string,
  attempt: number,
  user: { id: string; name: string; email: string } | null,
  meta: RequestMeta,
): Promise<void> {
  const kv = await getKv();
  const at = now().getTime();
  if (attempt >= ACCOUNT_LIMIT) {
    const until = at + WINDOW_SECONDS * 1000;
    const fresh = await kv.set(key.accountLock(email), { until } satisfies Lock, { ttlSeconds: WINDOW_SECONDS, onlyIfAbsent: true });
    if (fresh && user) {
      await kv.set(key.wasLocked(email), { at }, { ttlSeconds: 30 * 24 * 60 * 60 });
      const db = await getDb();
      await db.transaction(async (tx) => {
        await recordPlatformAudit(tx, null, meta, {
          action: 'user.locked',
          targetType: 'user',
          targetId: user.id,
          after: { failures: attempt, minutes: WINDOW_SECONDS / 60 },
          reason: 'Too many failed sign-in attempts',
        });
        await enqueueEmail(tx, {
          to: user.email,
          template: 'accountLocked',
          data: { name: user.name, minutes: WINDOW_SECONDS / 60, resetUrl: appUrl('/forgot-password') },
        });
      });
    }
  }
  if (meta.ip) {
    const ip = await kv.increment(key.ipFailures(meta.ip), WINDOW_SECONDS);
    if (ip.value >= IP_LIMIT) {
      await kv.set(key.ipLock(meta.ip), { until: at + WINDOW_SECONDS * 1000 } satisfies Lock, {
        ttlSeconds: WINDOW_SECONDS,
        onlyIfAbsent: true,
      });
    }
  }
}

/**
 * After a successful sign-in or a password reset: clear the email's failures and lock, and audit the
 * unlock if the account had been locked.
 */
export async function clearSignInFailures(
  user: { id: string; email: string },
  meta: RequestMeta,
  reason: string,
): Promise<void> {
  const kv = await getKv();
  const wasLocked = await kv.get(key.wasLocked(user.email));
  await Promise.all([kv.delete(key.accountFailures(user.email)), kv.delete(key.accountLock(user.email))]);
  if (wasLocked) {
    await kv.delete(key.wasLocked(user.email));
    const db = await getDb();
    await recordPlatformAudit(db, null, meta, { action: 'user.unlocked', targetType: 'user', targetId: user.id, reason });
  }
}
