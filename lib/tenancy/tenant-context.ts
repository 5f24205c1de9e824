import type { Tx } from '@/db/client';
import type { Actor, RequestMeta, TenantContext, TenantRef } from '@/lib/context';
import { and, eq } from 'drizzle-orm';
import { systems, tenants } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { loadMemberAccess, type MemberAccess } from '@/lib/access/member-access';
import { forgetTenantSlug, tenantIdForSlug } from './find-tenant';
import { withTenantPipelined } from './with-tenant';

/**
 * Build the TenantContext for an actor and a tenant slug, and run `fn` inside the tenant's transaction.
 * Used by the route wrapper, server actions and the CLI alike.
 *
 * Unknown tenant or not a member: 404 (never reveal that a tenant exists). Suspended tenant: 403.
 * `options.system` (the `X-System-Slug` header) names a downstream system of the tenant: it is resolved
 * inside the tenant transaction into `ctx.system` (unknown slug → 404); without it `ctx.system` is null.
 */
export async function withTenantContext<T>(
  actor: Actor,
  tenantSlug: string,
  meta: RequestMeta,
  fn: (ctx: TenantContext) => Promise<T>,
  options: { system?: string | null } = {},
): Promise<T> {
  const tenantId = await tenantIdForSlug(tenantSlug);
  if (!tenantId) throw notFound('tenant');
  if (actor.type === 'api_key' && actor.tenantId !== tenantId) throw notFound('tenant');
  const userId = actor.type === 'user' ? actor.id : actor.type === 'api_key' ? actor.userId : null;

  // The member's access (and the tenant's current state) is the first query, sent together with the
  // tenant setup: one round trip.
  return withTenantPipelined(
    tenantId,
    userId,
    async (tx): Promise<{ tenant: Omit<TenantRef, 'id' | 'slug'>; member: MemberAccess | null } | null> => {
      if (!userId) {
        const tenant = await loadTenantOnly(tx, tenantId);
        return tenant ? { tenant, member: null } : null;
      }
      const member = await loadMemberAccess(tx, tenantId, userId);
      return member ? { tenant: member.tenant, member } : null;
    },
    async (tx, loaded) => {
      if (!loaded) {
        forgetTenantSlug(tenantSlug); // perhaps a slug reused after a wipe-out: look it up afresh next time
        throw notFound('tenant');
      }
      const tenant: TenantRef = { id: tenantId, slug: tenantSlug, ...loaded.tenant };
      let membershipId: string | null = null;
      let permissions: ReadonlySet<string>;
      const member = loaded.member;
      if (actor.type === 'system' || !member) {
        permissions = new Set<string>(); // system actors are given explicit permissions by their callers
      } else {
        membershipId = member.membershipId;
        permissions =
          actor.type === 'api_key' ? new Set(actor.scopes.filter((scope) => member.permissions.has(scope))) : member.permissions;
      }
      if (tenant.status === 'suspended') {
        throw new DomainError('tenant_suspended', 403, 'This tenant is suspended. Contact your platform administrator.');
      }
      let system: TenantContext['system'] = null;
      if (options.system) {
        const [found] = await tx
          .select({ id: systems.id, slug: systems.slug })
          .from(systems)
          .where(and(eq(systems.tenantId, tenantId), eq(systems.slug, options.system)));
        if (!found) throw notFound('system');
        system = found;
      }
      return fn({ actor, tenant, membershipId, permissions, meta, db: tx, system });
    },
  );
}

/** For system actors (no membership): the tenant's current name, status and plan. */
async function loadTenantOnly(tx: Tx, tenantId: string): Promise<Omit<TenantRef, 'id' | 'slug'> | null> {
  const [row] = await tx
    .select({ name: tenants.name, status: tenants.status, planId: tenants.planId })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row ?? null;
}
