import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { tenants } from '@/db/schema';
import type { MemberAttributeDefinition } from './schemas';

/**
 * The member attributes a tenant defines (`settings.memberAttributes`, managed through PATCH tenants/{tenant}),
 * read inside the tenant's transaction. None defined: an empty list.
 */
export async function loadAttributeDefinitions(tx: Tx, tenantId: string): Promise<MemberAttributeDefinition[]> {
  const [row] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return row?.settings?.memberAttributes ?? [];
}
