import type { auditEvents } from '@/db/schema';
import type { AuditEventView } from './schemas';

/** An audit event row as the API shows it, in the tenant trail and the platform trail alike. */
export function auditEventView(row: typeof auditEvents.$inferSelect): AuditEventView {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId, name: row.actorName },
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
    reason: row.reason,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    hash: row.hash,
  };
}
