import { cookies, headers } from 'next/headers';
import type { Actor } from '@/lib/context';
import { resolveSessionActor } from './session';

export type UserActor = Extract<Actor, { type: 'user' }>;

/**
 * The signed-in person for server components and server actions (the session cookie of this request),
 * or null. Route handlers use resolveActor(request) instead.
 */
export async function getCurrentUser(): Promise<UserActor | null> {
  const cookieHeader = (await cookies())
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ');
  const h = await headers();
  const request = new Request('http://localhost/', {
    headers: { cookie: cookieHeader, 'user-agent': h.get('user-agent') ?? '' },
  });
  const actor = await resolveSessionActor(request);
  return actor?.type === 'user' ? actor : null;
}
