import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { notFound, unauthenticated } from '@/lib/errors';
import { listMyTenants } from '@/lib/tenancy/list-my-tenants';
import { listMyPendingInvitations } from './list-my-invitations';
import type { Me } from './schemas';

/** The signed-in person: profile, memberships with roles, and invitations to their verified email still open. */
export async function getMe(actor: Actor | null): Promise<Me> {
  if (!actor || actor.type !== 'user') throw unauthenticated();
  const db = await getDb();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      description: users.description,
      image: users.image,
      isPlatformAdmin: users.isPlatformAdmin,
      emailVerified: users.emailVerified,
    })
    .from(users)
    .where(eq(users.id, actor.id))
    .limit(1);
  if (!user) throw notFound('user');
  const tenants = await listMyTenants(actor.id);
  const pendingInvitations = await listMyPendingInvitations(user);
  const { emailVerified: _verified, ...profile } = user;
  return {
    ...profile,
    memberships: tenants.map((t) => ({ tenant: { slug: t.slug, name: t.name }, roles: t.roles })),
    pendingInvitations,
  };
}
