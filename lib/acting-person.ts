import type { Actor } from '@/lib/context';

/**
 * Who is acting, as records and checks name them. A person acts for themselves and an API key for the user who
 * created it; a system actor (scheduled jobs) is nobody's user.
 */
export function actingUserId(actor: Actor): string | null {
  if (actor.type === 'user') return actor.id;
  if (actor.type === 'api_key') return actor.userId;
  return null;
}

/** The acting person as a record shows them: a user id (an API key's creator) and a printed name. */
export function actingPerson(actor: Actor): { id: string; name: string } {
  if (actor.type === 'api_key') return { id: actor.userId, name: `${actor.name} (API key)` };
  return { id: actor.id, name: actor.name };
}
