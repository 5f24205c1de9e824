/**
 * When a failed webhook delivery is tried again, when Custos gives up on it, and when a failing endpoint is
 * switched off. Pure functions of times and counts: the job (webhook-delivery-job.ts) and the tests share them.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Waits after the 1st, 2nd, … failed attempt; after the last, every 8 hours. */
export const RETRY_DELAYS_MS = [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR] as const;

/** A delivery is tried for three days from when its event was raised, then marked failed. */
export const GIVE_UP_AFTER_MS = 3 * DAY;

/** An endpoint whose attempts have failed for five days (no success between) is switched off. */
export const DISABLE_ENDPOINT_AFTER_MS = 5 * DAY;

/** How long one worker holds a delivery it is sending (longer than the 10 s send timeout, with room). */
export const DELIVERY_LEASE_MS = 60 * SECOND;

/** The wait after `attempts` failed attempts (1 = the first try failed). */
export function retryDelayMs(attempts: number): number {
  const index = Math.max(1, Math.floor(attempts)) - 1;
  return RETRY_DELAYS_MS[Math.min(index, RETRY_DELAYS_MS.length - 1)];
}

/** After a failed attempt: when to try again, or null when that would fall beyond three days (give up). */
export function nextAttemptAfterFailure(createdAt: Date, attempts: number, failedAt: Date): Date | null {
  const next = new Date(failedAt.getTime() + retryDelayMs(attempts));
  return next.getTime() - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}

/** Whether a failure at `failedAt` switches the endpoint off: it has been failing since five days or more. */
export function shouldDisableEndpoint(failingSince: Date | null, failedAt: Date): boolean {
  return failingSince !== null && failedAt.getTime() - failingSince.getTime() >= DISABLE_ENDPOINT_AFTER_MS;
}

/** 2xx is delivered; anything else (3xx included: redirects are not followed) is a failure. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
