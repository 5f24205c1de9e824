import { headers } from 'next/headers';
import type { UserActor } from '@/lib/auth/current-user';
import { requestIdFrom } from '@/lib/http/request-meta';
import { withTenantContext } from './tenant-context';

export type ConsoleTenant = {
  tenant: { id: string; slug: string; name: string; status: 'active' | 'suspended'; planId: string };
  permissions: string[];
};

/**
 * What the console layout needs for /t/{tenant}: the tenant and the member's effective permissions
 * (to show only the nav items, buttons and fields they may use). Throws DomainError 404 for a
 * non-member and 403 `tenant_suspended` for a suspended tenant.
 */
export async function loadConsoleTenant(user: UserActor, slug: string): Promise<ConsoleTenant> {
  const requestId = requestIdFrom(await headers());
  return withTenantContext(user, slug, { requestId }, async (ctx) => ({
    tenant: ctx.tenant,
    permissions: [...ctx.permissions].sort(),
  }));
}
