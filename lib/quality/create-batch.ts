import type { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { batches, batchTransitions, sites } from '@/db/schema/quality';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { actingPerson } from '@/lib/acting-person';
import { INITIAL_STATUS } from './lifecycle';
import { batchDetail, batchSnapshot } from './records';
import { createBatchSchema, type BatchDetailView } from './schemas';

/**
 * Plan a batch (`batches.create`) on an active site of the tenant: an unknown site is 400 naming `siteId`,
 * an inactive one 409. The batch number is unique per tenant (409). It starts `planned`, and that first
 * status is the first entry of its history.
 */
export async function createBatch(ctx: TenantContext, input: z.input<typeof createBatchSchema>): Promise<BatchDetailView> {
  requirePermission(ctx, 'batches.create');
  const data = parseInput(createBatchSchema, input);
  const [site] = await ctx.db
    .select({ id: sites.id, code: sites.code, active: sites.active })
    .from(sites)
    .where(and(eq(sites.tenantId, ctx.tenant.id), eq(sites.id, data.siteId)))
    .for('share');
  if (!site) throw validationFailed([{ path: 'siteId', message: 'No such site in this tenant.' }]);
  if (!site.active) throw conflict(`Site ${site.code} is inactive: it takes no new batches.`);
  const who = actingPerson(ctx.actor);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(batches)
      .values({
        tenantId: ctx.tenant.id,
        batchNumber: data.batchNumber,
        productName: data.productName,
        gtin: data.gtin ?? null,
        siteId: data.siteId,
        plannedQuantity: data.plannedQuantity,
        expiresOn: data.expiresOn,
        status: INITIAL_STATUS,
        createdBy: who.id,
      })
      .returning(),
    `A batch numbered ${data.batchNumber} already exists.`,
  );
  await ctx.db
    .insert(batchTransitions)
    .values({ tenantId: ctx.tenant.id, batchId: row.id, fromStatus: null, toStatus: INITIAL_STATUS, actorId: who.id, actorName: who.name });
  await recordAudit(ctx, { action: 'batch.created', targetType: 'batch', targetId: row.id, after: batchSnapshot(row) });
  return batchDetail(ctx, row);
}
