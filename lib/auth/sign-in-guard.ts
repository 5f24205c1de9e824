import { sql, type SQL } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import type { RequestMeta } from '@/lib/context';
import { recordPlatformAudit } from '@/lib/audit/record';
import { enqueueEmail, appUrl } from '@/lib/email/outbox';
import { DomainError } from '@/lib/errors';
import { getKv, incrementUnlessAnySetSql, type KvStore } from '@/lib/platform/kv';
import { now } from '@/lib/platform/clock';
import { issueEmailToken } from './one-time-token';
import { signInCounter } from './policy';

/**
 * Brute-force protection for password sign-in (console and API alike), kept in the kv store so it holds
 * across instances: at most ACCOUNT_LIMIT failures per email and IP_LIMIT per IP address in a window;
 * past that, sign-in for that email (or from that IP) answers 429 `rate_limited` with Retry-After until
 * the window ends. Unknown emails are counted and locked exactly like real ones, so the answers never
 * reveal whether an account exists. A lockout of a real account is audited and its owner is emailed an
 * unlock link (lib/auth/unlock-account.ts); the unlock is audited when it is used, or when the owner next
 * signs in or resets the password. A browser holding a device cookie from an earlier successful sign-in
 * is not stopped by the email's lockout (lib/auth/policy.ts, lib/auth/device-cookie.ts).
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
  deviceFailures: (deviceId: string) => `signin:fail:device:${deviceId}`,
  deviceLock: (deviceId: string) => `signin:lock:device:${deviceId}`,
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

/** One password attempt: its number on the counter it was taken from (the email's or a trusted device's). */
export type SignInAttempt = { attempt: number; counter: 'account' } | { attempt: number; counter: 'device'; deviceId: string };

/**
 * Before checking a password: refuse (429) while the IP address is locked, or the email is locked and the
 * caller has no trusted device (lib/auth/policy.ts), then take one attempt from the counter the policy names.
 * The counter is taken before the (slow) password check, so parallel attempts cannot run more than
 * ACCOUNT_LIMIT password checks per window. `deviceId`: from a valid device cookie for this email.
 */
export async function beginSignIn(email: string, ip: string | null | undefined, deviceId?: string | null): Promise<SignInAttempt> {
  const kv = await getKv();
  const at = now().getTime();
  const usual = usualCounter(email, ip, deviceId);
  return afterUsualTry(kv, email, ip, deviceId, at, await kv.incrementUnlessAnySet(usual.counter, WINDOW_SECONDS, usual.locks));
}

/**
 * beginSignIn and a lookup of at most one row (`lookup`, a select) in one round trip: with the kv store in this
 * database (`kv.table`) they are one statement; otherwise both are sent at once. A refused attempt (429) throws and its
 * row is not used. The statements are the same whether the lookup finds a row or not, so the answer's timing does not
 * tell whether an account exists. `found` is null when the lookup found nothing.
 */
export async function beginSignInWithLookup<T extends Record<string, unknown>>(
  email: string,
  ip: string | null | undefined,
  deviceId: string | null | undefined,
  lookup: SQL,
): Promise<{ attempt: SignInAttempt; found: T | null }> {
  const [kv, db] = await Promise.all([getKv(), getDb()]);
  if (!kv.table) {
    const [attempt, result] = await Promise.all([beginSignIn(email, ip, deviceId), db.execute(lookup)]);
    return { attempt, found: rowsOf<T>(result)[0] ?? null };
  }
  const at = now().getTime();
  const usual = usualCounter(email, ip, deviceId);
  // One row always: the attempt's columns are null when a lock held it back, the lookup's when it found nothing. The
  // statement commits without waiting for its WAL flush (synchronous_commit off for this transaction alone): it writes
  // only the attempt counter, which other sign-ins see at once all the same; a crash of the database within a fraction
  // of a second could lose the count of an attempt still being verified (the next write, the sign-in's settling or the
  // failure's IP count, flushes it with its own), as Redis, the other kv store, may. Waiting for the disk held the
  // counter's row lock and cost a sign-in 3 ms and more CPU.
  const [row] = rowsOf<{ __attempt: number | null; __attemptTtl: number | null; __found: boolean | null } & T>(
    await db.execute(sql`
      with taken as (${incrementUnlessAnySetSql(usual.counter, WINDOW_SECONDS, usual.locks)})
      select taken.value as "__attempt", taken.ttl as "__attemptTtl", found.*
      from (select set_config('synchronous_commit', 'off', true)) as one
        left join taken on true
        left join lateral (select true as "__found", lookup.* from (${lookup}) as lookup) as found on true`),
  );
  const { __attempt, __attemptTtl, __found, ...found } = row;
  const taken = __attempt === null ? null : { value: Number(__attempt), ttlSeconds: Number(__attemptTtl) };
  const attempt = await afterUsualTry(kv, email, ip, deviceId, at, taken);
  return { attempt, found: __found ? (found as unknown as T) : null };
}

/**
 * The usual attempt, in one kv round trip: with none of the locks that could stop it (the IP's, and the trusted
 * device's or else the email's) the policy names the device's counter when there is a device, the email's when not;
 * that counter is taken unless one of those locks holds.
 */
function usualCounter(email: string, ip: string | null | undefined, deviceId: string | null | undefined) {
  const ipLocks = ip ? [key.ipLock(ip)] : [];
  return deviceId
    ? { counter: key.deviceFailures(deviceId), locks: [...ipLocks, key.deviceLock(deviceId)] }
    : { counter: key.accountFailures(email), locks: [...ipLocks, key.accountLock(email)] };
}

/** The attempt after the usual try (`taken`: its counter, or null when a lock held it back, then the full rules). */
async function afterUsualTry(
  kv: KvStore,
  email: string,
  ip: string | null | undefined,
  deviceId: string | null | undefined,
  at: number,
  taken: { value: number; ttlSeconds: number } | null,
): Promise<SignInAttempt> {
  if (taken) {
    if (taken.value > ACCOUNT_LIMIT) throw rateLimited(at + Math.max(1, taken.ttlSeconds) * 1000);
    return deviceId ? { attempt: taken.value, counter: 'device', deviceId } : { attempt: taken.value, counter: 'account' };
  }
  const [accountLock, ipLock, deviceLock] = await Promise.all([
    kv.get<Lock>(key.accountLock(email)),
    ip ? kv.get<Lock>(key.ipLock(ip)) : null,
    deviceId ? kv.get<Lock>(key.deviceLock(deviceId)) : null,
  ]);
  const decision = signInCounter(
    { ipUntil: ipLock?.until ?? null, accountUntil: accountLock?.until ?? null, deviceUntil: deviceLock?.until ?? null },
    at,
    Boolean(deviceId),
  );
  if ('refuseUntil' in decision) throw rateLimited(decision.refuseUntil);
  // A lock whose time is over ends its window: start counting again.
  if (ipLock && ip) await Promise.all([kv.delete(key.ipLock(ip)), kv.delete(key.ipFailures(ip))]);
  if (decision.counter === 'device' && deviceId) {
    if (deviceLock) await Promise.all([kv.delete(key.deviceLock(deviceId)), kv.delete(key.deviceFailures(deviceId))]);
    const attempt = await kv.increment(key.deviceFailures(deviceId), WINDOW_SECONDS);
    if (attempt.value > ACCOUNT_LIMIT) throw rateLimited(at + Math.max(1, attempt.ttlSeconds) * 1000);
    return { attempt: attempt.value, counter: 'device', deviceId };
  }
  if (accountLock) await Promise.all([kv.delete(key.accountLock(email)), kv.delete(key.accountFailures(email))]);
  const attempt = await kv.increment(key.accountFailures(email), WINDOW_SECONDS);
  if (attempt.value > ACCOUNT_LIMIT) throw rateLimited(at + Math.max(1, attempt.ttlSeconds) * 1000);
  return { attempt: attempt.value, counter: 'account' };
}

/** beginSignIn without a device: the attempt number on the email's counter. */
export async function beginSignInAttempt(email: string, ip: string | null | undefined): Promise<number> {
  return (await beginSignIn(email, ip)).attempt;
}

/**
 * A failed attempt: lock the email (or the trusted device the attempt counted against) when it used its
 * last attempt, and count the failure against the IP, whichever email it was for (password spraying).
 * A new lock of a real account is audited and mails its owner a single-use unlock link.
 */
export async function recordSignInFailure(
  email: string,
  attempt: number | SignInAttempt,
  user: { id: string; name: string; email: string } | null,
  meta: RequestMeta,
): Promise<void> {
  const kv = await getKv();
  const at = now().getTime();
  const taken: SignInAttempt = typeof attempt === 'number' ? { attempt, counter: 'account' } : attempt;
  if (taken.counter === 'device' && taken.attempt >= ACCOUNT_LIMIT) {
    await kv.set(key.deviceLock(taken.deviceId), { until: at + WINDOW_SECONDS * 1000 } satisfies Lock, {
      ttlSeconds: WINDOW_SECONDS,
      onlyIfAbsent: true,
    });
  }
  if (taken.counter === 'account' && taken.attempt >= ACCOUNT_LIMIT) {
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
          after: { failures: taken.attempt, minutes: WINDOW_SECONDS / 60 },
          reason: 'Too many failed sign-in attempts',
        });
        const unlockToken = await issueEmailToken(tx, user.id, 'unlock_account');
        await enqueueEmail(tx, {
          to: user.email,
          template: 'accountLocked',
          data: {
            name: user.name,
            minutes: WINDOW_SECONDS / 60,
            unlockUrl: appUrl(`/sign-in/unlock/${unlockToken}`),
            resetUrl: appUrl('/forgot-password'),
          },
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
export async function clearSignInFailures(user: { id: string; email: string }, meta: RequestMeta, reason: string): Promise<void> {
  const kv = await getKv();
  const wasLocked = await kv.get(key.wasLocked(user.email));
  await Promise.all([kv.delete(key.accountFailures(user.email)), kv.delete(key.accountLock(user.email))]);
  if (wasLocked) {
    await kv.delete(key.wasLocked(user.email));
    const db = await getDb();
    await recordPlatformAudit(db, null, meta, { action: 'user.unlocked', targetType: 'user', targetId: user.id, reason });
  }
}

/**
 * A password sign-in succeeded: the failures of the counter its attempt was taken from are cleared (the email's, with
 * its lock, and `user.unlocked` audited when the account had been locked; or the trusted device's), and unless a
 * second factor is still to be given (`signedIn` false) the time is kept on the account and `user.signed_in` audited
 * (as recordSignedIn does). With the kv store in this database all of it is one SQL statement; otherwise the kv calls,
 * then one statement.
 */
export async function settlePasswordSignIn(
  db: Queryable,
  attempt: SignInAttempt,
  user: { id: string; email: string; name: string },
  meta: RequestMeta,
  signedIn: boolean,
): Promise<void> {
  const kv = await getKv();
  const wasLockedKey = attempt.counter === 'account' ? key.wasLocked(user.email) : null;
  const clear =
    attempt.counter === 'account'
      ? [key.accountFailures(user.email), key.accountLock(user.email), key.wasLocked(user.email)]
      : [key.deviceFailures(attempt.deviceId), key.deviceLock(attempt.deviceId)];
  const steps: SQL[] = [];
  let wasLocked = sql`false`;
  if (kv.table) {
    steps.push(
      sql`cleared as (delete from kv_entries where key in (${sql.join(
        clear.map((k) => sql`${k}`),
        sql`, `,
      )}) returning key, (expires_at is null or expires_at > now()) as live)`,
    );
    if (wasLockedKey) wasLocked = sql`exists (select 1 from cleared where key = ${wasLockedKey} and live)`;
  } else {
    const locked = wasLockedKey ? (await kv.get(wasLockedKey)) !== null : false;
    await Promise.all(clear.map((k) => kv.delete(k)));
    if (locked) wasLocked = sql`true`;
  }
  if (signedIn) steps.push(sql`touched as (update users set last_sign_in_at = now() where id = ${user.id})`);
  const userAgent = meta.userAgent ? meta.userAgent.slice(0, 512) : null;
  // The audit insert is the statement itself (a plain VALUES list plans fast, which PGlite feels on every call); its
  // rows are chained in order: the unlock (when there was a lock) before the sign-in.
  await db.execute(sql`
    ${steps.length ? sql`with ${sql.join(steps, sql`, `)}` : sql``}
    insert into audit_events (actor_type, actor_id, actor_name, action, target_type, target_id, reason, request_id, ip, user_agent)
    select e.actor_type, e.actor_id, e.actor_name, e.action, 'user', ${user.id}, e.reason, ${meta.requestId ?? null},
           ${meta.ip ?? null}, ${userAgent}
    from (values (1, 'anonymous', null, null, 'user.unlocked', ${'Signed in after the lock expired'}),
                 (2, 'user', ${user.id}, ${user.name}, 'user.signed_in', null))
      as e(ord, actor_type, actor_id, actor_name, action, reason)
    where (e.ord = 1 and ${wasLocked}) or (e.ord = 2 and ${signedIn ? sql`true` : sql`false`})
    order by e.ord`);
}
