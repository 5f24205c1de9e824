import type { Actor, RequestMeta, TenantContext } from '@/lib/context';
import { and, eq } from 'drizzle-orm';
import { systems } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { loadMemberAccess } from '@/lib/access/member-access';
import { findTenantBySlug } from './find-tenant';
import { withTenant } from './with-tenant';

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
  const tenant = await findTenantBySlug(tenantSlug);
  if (!tenant) throw notFound('tenant');
  const userId = actor.type === 'user' ? actor.id : actor.type === 'api_key' ? actor.userId : null;
  return withTenant(
    tenant.id,
    async (tx) => {
      let membershipId: string | null = null;
      let permissions: ReadonlySet<string>;
      if (actor.type === 'system') {
        permissions = new Set<string>(); // system actors are given explicit permissions by their callers
      } else {
        if (actor.type === 'api_key' && actor.tenantId !== tenant.id) throw notFound('tenant');
        const access = userId ? await loadMemberAccess(tx, tenant.id, userId) : null;
        if (!access) throw notFound('tenant');
        membershipId = access.membershipId;
        permissions =
          actor.type === 'api_key'
            ? new Set(actor.scopes.filter((scope) => access.permissions.has(scope)))
            : access.permissions;
      }
      if (tenant.status === 'suspended') {
        throw new DomainError('tenant_suspended', 403, 'This tenant is suspended. Contact your platform administrator.');
      }
      let system: TenantContext['system'] = null;
      if (options.system) {
        const [found] = await tx
          .select({ id: systems.id, slug: systems.slug })
          .from(systems)
          .where(and(eq(systems.tenantId, tenant.id), eq(systems.slug, options.system)));
        if (!found) throw notFound('system');
        system = found;
      }
      return fn({ actor, tenant, membershipId, permissions, meta, db: tx, system });
    },
    { userId },
  );
}
