import { and, eq } from 'drizzle-orm';
import { batchTransitions, inspections } from '@/db/schema/quality';
import type { TenantContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';

/**
 * Segregation of duties (403 `segregation_of_duties`), enforced here and nowhere else: nobody reviews an
 * inspection they performed; whoever started production of a batch (moved it to in_production) or
 * performed one of its inspections neither releases nor rejects it.
 */
export const segregationOfDuties = (message: string) => new DomainError('segregation_of_duties', 403, message);

/** What ties `userId` to the batch's production or inspections, in plain words (empty: nothing). */
export async function involvementInBatch(ctx: TenantContext, batchId: string, userId: string): Promise<string[]> {
  const [started] = await ctx.db
    .select({ id: batchTransitions.id })
    .from(batchTransitions)
    .where(
      and(
        eq(batchTransitions.tenantId, ctx.tenant.id),
        eq(batchTransitions.batchId, batchId),
        eq(batchTransitions.toStatus, 'in_production'),
        eq(batchTransitions.actorId, userId),
      ),
    )
    .limit(1);
  const [inspected] = await ctx.db
    .select({ id: inspections.id })
    .from(inspections)
    .where(and(eq(inspections.tenantId, ctx.tenant.id), eq(inspections.batchId, batchId), eq(inspections.performedBy, userId)))
    .limit(1);
  return [...(started ? ['you started its production'] : []), ...(inspected ? ['you performed one of its inspections'] : [])];
}

export async function assertNotInvolvedInBatch(ctx: TenantContext, batchId: string, userId: string, verb: string): Promise<void> {
  const involvement = await involvementInBatch(ctx, batchId, userId);
  if (involvement.length > 0) {
    throw segregationOfDuties(`You cannot ${verb} this batch: ${involvement.join(' and ')}. Someone independent must decide.`);
  }
}

export function assertNotPerformer(performedBy: string, userId: string): void {
  if (performedBy === userId) throw segregationOfDuties('You performed this inspection: someone else must review it.');
}
