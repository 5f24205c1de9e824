import type { z } from 'zod';
import { and, desc, eq, gte, isNull, lt, lte, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { auditEventView } from '@/lib/audit/audit-event-view';
import { parseInput } from '@/lib/validation';
import { decodeCursor, encodeCursor } from '@/lib/keyset-cursor';
import { requirePlatformAdmin } from './platform-admin';
import { platformEventsQuerySchema, type AuditEventView } from './schemas';

const isSeqCursor = (value: unknown): value is { seq: number } =>
  typeof value === 'object' && value !== null && Number.isSafeInteger((value as { seq?: unknown }).seq);

/** A date alone (`2026-01-31`) means that whole UTC day: `from` its start, `to` its end. */
function bound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
  return new Date(value);
}

/**
 * The platform trail (events with no tenant: sign-ins, tenant creation, plan changes, suspensions,
 * wipe-outs), newest first. Filters `action`, `actorId`, `from`, `to`; cursor pagination.
 * Read through the owner connection (the runtime role never sees it).
 */
export async function listPlatformEvents(
  actor: Actor | null,
  input: z.input<typeof platformEventsQuerySchema>,
): Promise<{ data: AuditEventView[]; nextCursor: string | null }> {
  requirePlatformAdmin(actor);
  const query = parseInput(platformEventsQuerySchema, input ?? {});
  const after = decodeCursor(query.cursor, isSeqCursor);
  const conditions: SQL[] = [isNull(auditEvents.tenantId)];
  if (query.action) conditions.push(eq(auditEvents.action, query.action));
  if (query.actorId) conditions.push(eq(auditEvents.actorId, query.actorId));
  const from = query.from ? bound(query.from, false) : null;
  const to = query.to ? bound(query.to, true) : null;
  if (from && to && from > to) throw validationFailed([{ path: 'query.to', message: 'Must not be before `from`.' }]);
  if (from) conditions.push(gte(auditEvents.occurredAt, from));
  if (to) conditions.push(lte(auditEvents.occurredAt, to));
  if (after) conditions.push(lt(auditEvents.seq, after.seq));
  const db = await getDb();
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(auditEventView),
    nextCursor: rows.length > query.limit ? encodeCursor({ seq: page[page.length - 1].seq }) : null,
  };
}
