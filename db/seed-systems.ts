import { sql } from 'drizzle-orm';
import type { Tx } from './client';
import { actAs, type Person } from './seed-quality';
import { createRole } from '@/lib/access/create-role';
import { createSystem } from '@/lib/access/create-system';
import { createOidcClient } from '@/lib/oidc-clients/create-oidc-client';
import { updateMember } from '@/lib/tenancy/update-member';

/**
 * The demo downstream system of acme (API.md, Demo data): an inventory system `ims` with two keys, a system role
 * "IMS operator" granting both, held by the operator, and one confidential OpenID client for a relying party on
 * localhost:4000. Made through the domain functions as the tenant's admin, like the API would (audited). The
 * client's secret is thrown away: whoever wants to sign in through it rotates it on the system's page.
 */
export const DEMO_SYSTEM = {
  tenant: 'acme',
  slug: 'ims',
  name: 'Inventory (IMS)',
  description: 'Stock levels and adjustments of the Basel and Lyon warehouses.',
  permissions: ['stock.read', 'stock.adjust'],
  role: 'IMS operator',
  holder: 'operator@acme.test',
  client: { name: 'IMS web', redirectUri: 'http://localhost:4000/callback' },
} as const;

export async function seedSystems(
  tx: Tx,
  tenant: { id: string; slug: string; name: string; planId: string },
  admin: Person,
  holder: { membershipId: string; roles: string[] },
): Promise<void> {
  await actAs(tx, tenant, admin, async (ctx) => {
    const system = await createSystem(ctx, {
      slug: DEMO_SYSTEM.slug,
      name: DEMO_SYSTEM.name,
      description: DEMO_SYSTEM.description,
      permissions: [...DEMO_SYSTEM.permissions],
    });
    const role = await createRole(ctx, {
      name: DEMO_SYSTEM.role,
      description: 'Reads and adjusts stock in IMS.',
      permissions: system.permissions,
      system: system.slug,
    });
    await updateMember(ctx, holder.membershipId, { roles: [...holder.roles, role.id] });
    await createOidcClient(ctx, system.slug, {
      name: DEMO_SYSTEM.client.name,
      type: 'confidential',
      redirectUris: [DEMO_SYSTEM.client.redirectUri],
    });
  });
  await tx.execute(sql`reset role`);
  await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('app.user_id', '', true)`);
}
