import type { Queryable } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Actor, RequestMeta, TenantContext } from '@/lib/context';
import { eventDataFromAudit, eventTypesForAction } from '@/lib/webhooks/events-from-audit';
import { recordWebhookEvents } from '@/lib/webhooks/record-event';
import { changedFields, maskSecrets } from './mask';

export type AuditEntry = {
  /** `<target>.<verb>` in the past tense: `tenant.updated`, `batch.released`. */
  action: string;
  targetType?: string;
  targetId?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
};

function toJson(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function row(tenantId: string | null, actor: Actor | null, meta: RequestMeta | null, entry: AuditEntry) {
  const diff = changedFields(toJson(entry.before), toJson(entry.after));
  return {
    tenantId,
    actorType: actor?.type ?? ('anonymous' as const),
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: maskSecrets(diff.before) as Record<string, unknown> | null,
    after: maskSecrets(diff.after) as Record<string, unknown> | null,
    reason: entry.reason ?? null,
    requestId: meta?.requestId ?? null,
    ip: meta?.ip ?? null,
    userAgent: meta?.userAgent ? meta.userAgent.slice(0, 512) : null,
  };
}

/**
 * Write a tenant audit event inside the domain function's transaction (`ctx.db`), so the change and
 * its record commit or roll back together. The database assigns the time, sequence and hash.
 */
export async function recordAudit(ctx: TenantContext, entry: AuditEntry): Promise<void> {
  await recordTenantAudit(ctx.db, ctx.tenant.id, ctx.actor, ctx.meta, entry);
}

/** A tenant audit event written outside a TenantContext (accepting an invitation); `db` must have the tenant named. */
export async function recordTenantAudit(
  db: Queryable,
  tenantId: string,
  actor: Actor | null,
  meta: RequestMeta | null,
  entry: AuditEntry,
): Promise<void> {
  const values = row(tenantId, actor, meta, entry);
  // Changes downstream systems hear about raise their webhook events in the same transaction (one statement more),
  // written before the audit event: the event's insert takes the row lock on the tenant's chain head, which every
  // other writer of the tenant waits for until this transaction commits, so the fewer statements after it, the
  // shorter they wait (one round trip less per event).
  const eventTypes = eventTypesForAction(entry.action);
  if (eventTypes) {
    const data = eventDataFromAudit({
      action: entry.action,
      targetType: values.targetType,
      targetId: values.targetId,
      before: values.before,
      after: maskSecrets(toJson(entry.after)) as Record<string, unknown> | null,
      reason: values.reason,
      actor,
    });
    await recordWebhookEvents(db, tenantId, eventTypes, data);
  }
  await db.insert(auditEvents).values(values);
}

/** Write a platform-trail event (sign-ins, tenant creation and wipe-out) through the owner connection. */
export async function recordPlatformAudit(db: Queryable, actor: Actor | null, meta: RequestMeta | null, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values(row(null, actor, meta, entry));
}
