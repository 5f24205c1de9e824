import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { invitations, tenants } from '@/db/schema';
import { namesFor } from '@/lib/invitations/invitation-view';
import { now } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';

export type MyPendingInvitation = {
  id: string;
  tenant: { slug: string; name: string };
  roles: string[];
  invitedBy: string;
  expiresAt: string;
};

/**
 * The invitations addressed to a person that can still be accepted (pending, not expired), across tenants, for
 * GET /api/v1/me. Only for a verified email: an account that never proved the address sees none. Runs as the runtime
 * role with no tenant chosen; the policy invitee_read (drizzle/0026) lets it read exactly the rows of
 * `app.invitee_email`, then each tenant is entered in turn to name the roles. The link itself is in the mail only
 * (its token is stored hashed), so the console says to look there.
 */
export async function listMyPendingInvitations(person: { email: string; emailVerified: Date | null }): Promise<MyPendingInvitation[]> {
  if (!person.emailVerified) return [];
  const email = person.email.trim().toLowerCase();
  return withTenant(null, async (tx) => {
    await tx.execute(sql`select set_config('app.invitee_email', ${email}, true)`);
    const rows = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.email, email), eq(invitations.status, 'pending'), gt(invitations.expiresAt, now())))
      .orderBy(asc(invitations.expiresAt), asc(invitations.id));
    if (rows.length === 0) return [];
    const out: MyPendingInvitation[] = [];
    for (const tenantId of new Set(rows.map((r) => r.tenantId))) {
      // The tenant registry and roles show the runtime role the tenant in use only: enter each in turn.
      await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
      const [tenant] = await tx
        .select({ slug: tenants.slug, name: tenants.name, status: tenants.status })
        .from(tenants)
        .where(eq(tenants.id, tenantId))
        .limit(1);
      if (tenant?.status !== 'active') continue;
      const mine = rows.filter((r) => r.tenantId === tenantId);
      const { roleNames } = await namesFor(tx, tenantId, mine);
      for (const row of mine) {
        out.push({
          id: row.id,
          tenant: { slug: tenant.slug, name: tenant.name },
          roles: row.roleIds.flatMap((id) => roleNames.get(id) ?? []).sort(),
          invitedBy: row.invitedByName,
          expiresAt: row.expiresAt.toISOString(),
        });
      }
    }
    await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('app.invitee_email', '', true)`);
    return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id.localeCompare(b.id));
  });
}
