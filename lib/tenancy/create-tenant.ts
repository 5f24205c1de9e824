import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, tenants } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError, unauthenticated } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { tenantView } from './get-tenant';
import { addMember, provisionTenant } from './provision-tenant';
import { createTenantSchema, type TenantView } from './schemas';

/**
 * A signed-in (hence verified) person creates a tenant on the `starter` plan and becomes its admin,
 * with the default roles. One transaction on the owner connection (the tenant registry is not the
 * runtime role's to insert into); audited in the platform trail and in the new tenant's own trail.
 * A taken slug is 409 `conflict`.
 */
export async function createTenant(actor: Actor | null, input: z.input<typeof createTenantSchema>, meta: RequestMeta): Promise<TenantView> {
  if (!actor || actor.type !== 'user') throw unauthenticated();
  const data = parseInput(createTenantSchema, input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const taken = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from tenants where slug = ${data.slug}`));
      if (Number(taken[0].n) > 0) throw slugTaken();
      const { id, roleIds } = await provisionTenant(tx, { slug: data.slug, name: data.name, planId: 'starter' });
      await addMember(tx, { tenantId: id, userId: actor.id, roleIds: [roleIds.admin] });
      const entry = {
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: id,
        after: { slug: data.slug, name: data.name, plan: 'starter' },
      };
      await recordPlatformAudit(tx, actor, meta, entry);
      // The tenant's own trail starts with its creation (app.tenant_id was set by provisionTenant).
      await tx.insert(auditEvents).values({
        tenantId: id,
        actorType: 'user',
        actorId: actor.id,
        actorName: actor.name,
        action: entry.action,
        targetType: entry.targetType,
        targetId: id,
        after: entry.after,
        requestId: meta.requestId,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent ?? null,
      });
      const [row] = await tx.select().from(tenants).where(eq(tenants.id, id));
      return tenantView(row);
    });
  } catch (error) {
    // Two people racing for one slug: the unique index decides, the loser gets the same 409.
    if ((error as { cause?: { code?: string } }).cause?.code === '23505' || (error as { code?: string }).code === '23505')
      throw slugTaken();
    throw error;
  }
}

const slugTaken = () =>
  new DomainError('conflict', 409, 'This address is already taken. Choose another.', [
    { path: 'slug', message: 'This address is already taken.' },
  ]);
