import type { Actor } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { env } from '@/lib/platform/env';
import { getKv } from '@/lib/platform/kv';

/** Length of one rate-limit window; the limit per window is API_KEY_RATE_LIMIT (default 600). */
export const API_KEY_RATE_WINDOW_SECONDS = 60;

/**
 * Count a request made with an API key against its per-key budget (kv store, outside any tenant
 * transaction). Returns the `RateLimit-*` headers to put on the response; past the limit, throws 429
 * `rate_limited` carrying the same headers plus `Retry-After`. Other actors: no headers.
 */
export async function apiKeyRateLimit(actor: Actor | null): Promise<Record<string, string> | undefined> {
  if (actor?.type !== 'api_key') return undefined;
  const limit = env().API_KEY_RATE_LIMIT;
  const kv = await getKv();
  const { value, ttlSeconds } = await kv.increment(`ratelimit:api_key:${actor.id}`, API_KEY_RATE_WINDOW_SECONDS);
  const reset = String(Math.max(1, ttlSeconds));
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, limit - value)),
    'RateLimit-Reset': reset,
  };
  if (value > limit) {
    throw new DomainError('rate_limited', 429, `This API key made more than ${limit} requests in a minute. Retry after ${reset} s.`, undefined, {
      ...headers,
      'Retry-After': reset,
    });
  }
  return headers;
}
