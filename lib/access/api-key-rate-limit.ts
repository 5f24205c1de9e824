import { DomainError } from '@/lib/errors';
import { env } from '@/lib/platform/env';
import { getKv } from '@/lib/platform/kv';

/** Length of one rate-limit window; the limit per window is API_KEY_RATE_LIMIT (default 600). */
const API_KEY_RATE_WINDOW_SECONDS = 60;

type RateLimitCount = { headers: Record<string, string>; exceeded: DomainError | null };

/**
 * Count a request made with an API key against the budget of its public prefix (kv store, outside any
 * tenant transaction). The count is taken before the secret is checked, so that it costs the request no
 * extra round trip and guessing secrets for a known prefix is limited too. Returns the `RateLimit-*`
 * headers to put on the response and, past the limit, the 429 `rate_limited` error (with `Retry-After`)
 * to answer with.
 */
export async function countApiKeyRequest(prefix: string): Promise<RateLimitCount> {
  const limit = env().API_KEY_RATE_LIMIT;
  const kv = await getKv();
  const { value, ttlSeconds } = await kv.increment(`ratelimit:api_key:${prefix}`, API_KEY_RATE_WINDOW_SECONDS);
  const reset = String(Math.max(1, ttlSeconds));
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, limit - value)),
    'RateLimit-Reset': reset,
  };
  const exceeded =
    value > limit
      ? new DomainError(
          'rate_limited',
          429,
          `This API key made more than ${limit} requests in a minute. Retry after ${reset} s.`,
          undefined,
          {
            ...headers,
            'Retry-After': reset,
          },
        )
      : null;
  return { headers, exceeded };
}
