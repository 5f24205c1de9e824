import { describe, expect, it } from 'vitest';
import {
  GIVE_UP_AFTER_MS,
  isSuccessStatus,
  nextAttemptAfterFailure,
  retryDelayMs,
  shouldDisableEndpoint,
} from '@/lib/webhooks/delivery-policy';

const at = (iso: string) => new Date(iso);

describe('webhook delivery policy', () => {
  it('waits longer after each failure, then every 8 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30].map((n) => retryDelayMs(n) / 1000)).toEqual([
      5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800, 28800,
    ]);
    expect(retryDelayMs(0)).toBe(5000);
  });

  it('tries again while the next attempt falls within three days of the event, then gives up', () => {
    const created = at('2026-01-01T00:00:00Z');
    expect(nextAttemptAfterFailure(created, 1, created)).toEqual(at('2026-01-01T00:00:05Z'));
    const lateFailure = new Date(created.getTime() + GIVE_UP_AFTER_MS - 8 * 3600_000);
    expect(nextAttemptAfterFailure(created, 12, lateFailure)).toEqual(new Date(created.getTime() + GIVE_UP_AFTER_MS));
    expect(nextAttemptAfterFailure(created, 12, new Date(lateFailure.getTime() + 1))).toBeNull();
  });

  it('switches an endpoint off once it has been failing for five days', () => {
    const since = at('2026-01-01T00:00:00Z');
    expect(shouldDisableEndpoint(null, at('2026-02-01T00:00:00Z'))).toBe(false);
    expect(shouldDisableEndpoint(since, at('2026-01-05T23:59:59Z'))).toBe(false);
    expect(shouldDisableEndpoint(since, at('2026-01-06T00:00:00Z'))).toBe(true);
  });

  it('counts only 2xx as delivered', () => {
    expect([200, 204, 299].every(isSuccessStatus)).toBe(true);
    expect([199, 301, 302, 400, 500].some(isSuccessStatus)).toBe(false);
  });
});
