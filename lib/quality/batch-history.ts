import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import type { TenantContext } from '@/lib/context';

/**
 * The audit trail of one batch record: the tenant's events about the batch and about its inspections
 * (notes and attachments are recorded against those too), oldest first. A plain read of `audit_events`
 * for the export; the network details of each event (ip, user agent) stay in the audit trail itself.
 */
type BatchHistoryEvent = {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  hash: string;
};

export async function batchHistory(ctx: TenantContext, batchId: string, inspectionIds: string[]): Promise<BatchHistoryEvent[]> {
  const about = or(
    and(eq(auditEvents.targetType, 'batch'), eq(auditEvents.targetId, batchId)),
    inspectionIds.length ? and(eq(auditEvents.targetType, 'inspection'), inArray(auditEvents.targetId, inspectionIds)) : undefined,
  );
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.tenantId, ctx.tenant.id), about))
    .orderBy(asc(auditEvents.seq), asc(auditEvents.occurredAt));
  return rows.map((e) => ({
    id: e.id,
    seq: e.seq,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actor: { type: e.actorType, id: e.actorId, name: e.actorName },
    action: e.action,
    targetType: e.targetType ?? '',
    targetId: e.targetId ?? '',
    before: (e.before as Record<string, unknown> | null) ?? null,
    after: (e.after as Record<string, unknown> | null) ?? null,
    reason: e.reason,
    hash: e.hash,
  }));
}
