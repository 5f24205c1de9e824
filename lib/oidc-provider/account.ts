import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { loadSystemAccess, type SystemAccess } from '@/lib/access/system-access';
import { env } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { CustosClientFacts } from './client-metadata';

/** A person as a client of their tenant sees them: profile claims and their access to the client's system now. */
export type ClientAccount = {
  userId: string;
  claims: { sub: string; email: string; email_verified: boolean; name: string; picture?: string; tenant: string };
  access: SystemAccess;
};

/**
 * The person behind `userId` for a client, or null unless their account is active and they are an active member of
 * the client's tenant (not removed, not suspended, tenant not suspended). Read afresh each time: the provider calls it
 * at every authorization, token, refresh and userinfo request, so a member removed or suspended is refused there
 * (refresh answers invalid_grant).
 */
export async function loadClientAccount(userId: string, client: CustosClientFacts): Promise<ClientAccount | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, image: users.image, emailVerified: users.emailVerified })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)))
    .limit(1);
  if (!user) return null;
  const access = await systemAccessOf(userId, client);
  if (!access) return null;
  return {
    userId,
    claims: {
      sub: user.id,
      email: user.email,
      email_verified: user.emailVerified !== null,
      name: user.name,
      ...(user.image ? { picture: absoluteUrl(user.image) } : {}),
      tenant: client.tenantSlug,
    },
    access,
  };
}

/** The member's roles and permissions for the client's system now (null: not an active member). */
export async function systemAccessOf(
  userId: string,
  client: Pick<CustosClientFacts, 'tenantId' | 'systemId' | 'systemSlug'>,
): Promise<SystemAccess | null> {
  return withTenant(client.tenantId, (tx) =>
    loadSystemAccess(tx, client.tenantId, userId, { id: client.systemId, slug: client.systemSlug, active: true }),
  );
}

function absoluteUrl(image: string): string {
  return image.startsWith('/') ? `${env().APP_URL.replace(/\/+$/, '')}${image}` : image;
}
