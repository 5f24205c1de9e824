import type { z } from 'zod';
import { and, asc, desc, eq, gt, gte, isNull, lt, lte, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { auditEventView } from '@/lib/audit/audit-event-view';
import { parseInput } from '@/lib/validation';
import { decodeSeqCursor, encodeSeqCursor } from '@/lib/audit/list-audit-events';
import { requirePlatformAdmin } from './platform-admin';
import { platformEventsQuerySchema, type AuditEventView } from './schemas';

/** A date alone (`2026-01-31`) means that whole UTC day: `from` its start, `to` its end. */
function bound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
  return new Date(value);
}

/**
 * The platform trail (events with no tenant: sign-ins, tenant creation, plan changes, suspensions,
 * wipe-outs), newest first (oldest first with `dir=asc`). Filters `action`, `actorId`, `targetType`, `targetId`, `from`,
 * `to`; cursor pagination.
 * Read through the owner connection (the runtime role never sees it).
 */
export async function listPlatformEvents(
  actor: Actor | null,
  input: z.input<typeof platformEventsQuerySchema>,
): Promise<{ data: AuditEventView[]; nextCursor: string | null }> {
  requirePlatformAdmin(actor);
  const query = parseInput(platformEventsQuerySchema, input ?? {});
  const after = decodeSeqCursor(query.cursor, query.dir);
  const conditions: SQL[] = [isNull(auditEvents.tenantId)];
  if (query.action) conditions.push(eq(auditEvents.action, query.action));
  if (query.actorId) conditions.push(eq(auditEvents.actorId, query.actorId));
  if (query.targetType) conditions.push(eq(auditEvents.targetType, query.targetType));
  if (query.targetId) conditions.push(eq(auditEvents.targetId, query.targetId));
  const from = query.from ? bound(query.from, false) : null;
  const to = query.to ? bound(query.to, true) : null;
  if (from && to && from > to) throw validationFailed([{ path: 'query.to', message: 'Must not be before `from`.' }]);
  if (from) conditions.push(gte(auditEvents.occurredAt, from));
  if (to) conditions.push(lte(auditEvents.occurredAt, to));
  if (after !== undefined) conditions.push(query.dir === 'asc' ? gt(auditEvents.seq, after) : lt(auditEvents.seq, after));
  const db = await getDb();
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(query.dir === 'asc' ? asc(auditEvents.seq) : desc(auditEvents.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(auditEventView),
    nextCursor: rows.length > query.limit ? encodeSeqCursor(page[page.length - 1].seq, query.dir) : null,
  };
}
