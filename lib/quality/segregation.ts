import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { batchTransitions, inspections } from '@/db/schema/quality';
import type { TenantContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import type { BatchParticipation } from './policy';

/** Segregation of duties is refused with 403 `segregation_of_duties`; the rules are lib/quality/policy.ts. */
export const segregationOfDuties = (message: string) => new DomainError('segregation_of_duties', 403, message);

/**
 * Who did what on a batch, loaded for the policy (lib/quality/policy.ts `involvementIn`): its creator, everyone
 * who corrected it (the `batch.updated` audit events; an API key counts as its creator), its status history and
 * the performers and reviewers of its inspections.
 */
export async function loadBatchParticipation(
  ctx: TenantContext,
  batch: { id: string; createdBy: string | null },
): Promise<BatchParticipation> {
  const [moves, inspected, editors] = await Promise.all([
    ctx.db
      .select({ from: batchTransitions.fromStatus, to: batchTransitions.toStatus, actorId: batchTransitions.actorId })
      .from(batchTransitions)
      .where(and(eq(batchTransitions.tenantId, ctx.tenant.id), eq(batchTransitions.batchId, batch.id)))
      .orderBy(asc(batchTransitions.occurredAt)),
    ctx.db
      .select({ performedBy: inspections.performedBy, reviewedBy: inspections.reviewedBy })
      .from(inspections)
      .where(and(eq(inspections.tenantId, ctx.tenant.id), eq(inspections.batchId, batch.id))),
    ctx.db.execute(sql`
      select distinct coalesce(k.created_by::text, e.actor_id) as id
        from audit_events e
        left join api_keys k on e.actor_type = 'api_key' and k.tenant_id = e.tenant_id and k.id::text = e.actor_id
       where e.tenant_id = ${ctx.tenant.id} and e.target_type = 'batch' and e.target_id = ${batch.id}
         and e.action = 'batch.updated' and e.actor_type in ('user', 'api_key')`),
  ]);
  return {
    createdBy: batch.createdBy,
    editors: rowsOf<{ id: string | null }>(editors)
      .map((r) => r.id)
      .filter((id): id is string => !!id),
    moves,
    inspections: inspected,
  };
}
