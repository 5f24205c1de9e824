import { and, asc, count, eq, sql } from 'drizzle-orm';
import { notificationDigests } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { MAX_DIGESTS_PER_TENANT } from './policy';
import {
  createDigestSchema,
  updateDigestSchema,
  type CreateDigestInput,
  type DigestList,
  type DigestView,
  type UpdateDigestInput,
} from './schemas';

/**
 * Email digests of a tenant (`webhooks.manage`, the permission of everything that sends the tenant's events out):
 * list, read, add, change, delete; each change audited as `notification_digest.*`.
 */

type DigestRow = typeof notificationDigests.$inferSelect;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function digestView(row: DigestRow): DigestView {
  return {
    id: row.id,
    name: row.name,
    recipients: row.recipients,
    events: row.eventTypes,
    frequency: row.frequency,
    enabled: row.enabled,
    lastSentAt: iso(row.lastSentAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

/** What the audit trail keeps of a digest (its settings; never anything sent). */
const snapshot = (row: DigestRow) => ({
  name: row.name,
  recipients: row.recipients,
  events: row.eventTypes,
  frequency: row.frequency,
  enabled: row.enabled,
});

async function loadDigest(ctx: TenantContext, id: string, options: { forUpdate?: boolean } = {}): Promise<DigestRow> {
  const query = ctx.db
    .select()
    .from(notificationDigests)
    .where(and(eq(notificationDigests.id, id), eq(notificationDigests.tenantId, ctx.tenant.id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('email digest');
  return row;
}

export async function listDigests(ctx: TenantContext): Promise<DigestList> {
  requirePermission(ctx, 'webhooks.manage');
  const rows = await ctx.db
    .select()
    .from(notificationDigests)
    .where(eq(notificationDigests.tenantId, ctx.tenant.id))
    .orderBy(asc(sql`lower(${notificationDigests.name})`), asc(notificationDigests.id));
  return { data: rows.map(digestView) };
}

export async function getDigest(ctx: TenantContext, id: string): Promise<DigestView> {
  requirePermission(ctx, 'webhooks.manage');
  return digestView(await loadDigest(ctx, id));
}

export async function createDigest(ctx: TenantContext, input: CreateDigestInput): Promise<DigestView> {
  requirePermission(ctx, 'webhooks.manage');
  const data = parseInput(createDigestSchema, input);
  const [{ value: existing }] = await ctx.db
    .select({ value: count() })
    .from(notificationDigests)
    .where(eq(notificationDigests.tenantId, ctx.tenant.id));
  if (Number(existing) >= MAX_DIGESTS_PER_TENANT) {
    throw conflict(`A tenant has at most ${MAX_DIGESTS_PER_TENANT} email digests: change or delete one first.`);
  }
  const [row] = await ctx.db
    .insert(notificationDigests)
    .values({
      tenantId: ctx.tenant.id,
      name: data.name,
      recipients: data.recipients,
      eventTypes: data.events,
      frequency: data.frequency,
      enabled: data.enabled,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.id : ctx.actor.type === 'api_key' ? ctx.actor.userId : null,
    })
    .returning();
  await recordAudit(ctx, {
    action: 'notification_digest.created',
    targetType: 'notification_digest',
    targetId: row.id,
    after: snapshot(row),
  });
  return digestView(row);
}

export async function updateDigest(ctx: TenantContext, id: string, input: UpdateDigestInput): Promise<DigestView> {
  requirePermission(ctx, 'webhooks.manage');
  const data = parseInput(updateDigestSchema, input);
  const before = await loadDigest(ctx, id, { forUpdate: true });
  const [after] = await ctx.db
    .update(notificationDigests)
    .set({
      name: data.name ?? before.name,
      recipients: data.recipients ?? before.recipients,
      eventTypes: data.events ?? before.eventTypes,
      frequency: data.frequency ?? before.frequency,
      enabled: data.enabled ?? before.enabled,
      updatedAt: sql`now()`,
    })
    .where(eq(notificationDigests.id, id))
    .returning();
  await recordAudit(ctx, {
    action: 'notification_digest.updated',
    targetType: 'notification_digest',
    targetId: id,
    before: snapshot(before),
    after: snapshot(after),
  });
  return digestView(after);
}

export async function deleteDigest(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'webhooks.manage');
  const before = await loadDigest(ctx, id, { forUpdate: true });
  await ctx.db.delete(notificationDigests).where(eq(notificationDigests.id, id));
  await recordAudit(ctx, {
    action: 'notification_digest.deleted',
    targetType: 'notification_digest',
    targetId: id,
    before: snapshot(before),
  });
}
