import type { Actor, RequestMeta } from '@/lib/context';
import { unauthenticated } from '@/lib/errors';

/**
 * What a person's own-account operations receive (profile, password, avatar): who is acting and the
 * request's metadata. Route handlers pass the wrapper's actor and meta; server actions build it from
 * the session cookie (`getCurrentUser()`) and the request headers.
 */
export type AccountContext = { actor: Actor | null; meta: RequestMeta };

export type UserActor = Extract<Actor, { type: 'user' }>;

/** Only a signed-in person manages their account; API keys and system actors do not. */
export function requireUser(actor: Actor | null): UserActor {
  if (!actor || actor.type !== 'user') throw unauthenticated();
  return actor;
}
