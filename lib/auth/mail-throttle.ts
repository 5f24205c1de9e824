import { getKv } from '@/lib/platform/kv';
import { logger } from '@/lib/platform/logger';

/**
 * A quiet limit on mail an anonymous caller can make us send to one address (verification resends,
 * reset links, "you already have an account" notices): past `limit` in `windowSeconds`, the caller gets
 * the same answer as always but no further message is queued, so nobody can flood an inbox through us
 * and the answer still reveals nothing.
 *
 * Uses the kv store: call it outside transactions (PGlite has one connection). A kv outage does not
 * block the flow; it only lifts the limit.
 */
export async function mailAllowed(kind: string, email: string, limit: number, windowSeconds: number): Promise<boolean> {
  try {
    const kv = await getKv();
    const { value } = await kv.increment(`mail:${kind}:${email.toLowerCase()}`, windowSeconds);
    return value <= limit;
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message }, kind }, 'mail throttle unavailable');
    return true;
  }
}
