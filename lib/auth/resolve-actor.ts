import type { Actor } from '@/lib/context';
import { resolveSessionActor } from './session';

/**
 * Who is calling: the one place every credential resolves to an Actor. The Auth.js session cookie
 * today; bearer access tokens and API keys (`ck_…`) plug in here too, so the route wrapper and
 * server actions never care which was used.
 */
export async function resolveActor(request: Request): Promise<Actor | null> {
  return resolveSessionActor(request);
}
