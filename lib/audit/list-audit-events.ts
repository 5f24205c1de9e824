import type { z } from 'zod';
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { decodeCursor, encodeCursor } from '@/lib/keyset-cursor';
import { auditEventView } from './audit-event-view';
import type { SortDir } from '@/lib/list-order';
import { parseInput } from '@/lib/validation';
import { auditEventsQuerySchema, type AuditEventFilters, type AuditEventList } from './schemas';

/**
 * `GET /api/v1/tenants/{tenant}/audit-events`: the tenant's trail by time (the chain's sequence, which is the order
 * the database wrote them in), newest first unless `dir=asc`. Filters `action` (exact, or a prefix ending in `.` or
 * `*`), `actorId`, `targetType`, `targetId`, `from`, `to`; keyset cursor by sequence, so every event appears once
 * across pages even while new ones are written. Needs `audit.read`.
 */
export async function listAuditEvents(ctx: TenantContext, input: z.input<typeof auditEventsQuerySchema> = {}): Promise<AuditEventList> {
  requirePermission(ctx, 'audit.read');
  const query = parseInput(auditEventsQuerySchema, input ?? {});
  const after = decodeSeqCursor(query.cursor, query.dir);
  const conditions = auditFilterConditions(ctx.tenant.id, query);
  if (after !== undefined) conditions.push(query.dir === 'asc' ? gt(auditEvents.seq, after) : lt(auditEvents.seq, after));
  const rows = await ctx.db
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

/**
 * A date alone (`2026-01-31`) means that whole UTC day: `from` its start, `to` its end. Bounds count to the
 * millisecond, as the API shows times: `to` set to an event's `occurredAt` includes that event, though the database
 * keeps microseconds.
 */
function bound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
  return new Date(value);
}

/**
 * The WHERE conditions of the filters, for the list and the export. The tenant condition comes first, so the
 * chain index `(tenant_id, seq)` (or the target index) serves both. `from` after `to` is 400 naming `query.to`.
 */
export function auditFilterConditions(tenantId: string, filters: AuditEventFilters): SQL[] {
  const conditions: SQL[] = [eq(auditEvents.tenantId, tenantId)];
  if (filters.action) {
    const prefix = filters.action.endsWith('*') ? filters.action.slice(0, -1) : filters.action.endsWith('.') ? filters.action : null;
    if (prefix !== null) {
      if (prefix.length > 0) conditions.push(sql`starts_with(${auditEvents.action}, ${prefix})`);
    } else {
      conditions.push(eq(auditEvents.action, filters.action));
    }
  }
  if (filters.actorId) conditions.push(eq(auditEvents.actorId, filters.actorId));
  if (filters.targetType) conditions.push(eq(auditEvents.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditEvents.targetId, filters.targetId));
  const from = filters.from ? bound(filters.from, false) : null;
  const to = filters.to ? bound(filters.to, true) : null;
  if (from && to && from > to) throw validationFailed([{ path: 'query.to', message: 'Must not be before `from`.' }], 'Invalid query.');
  if (from) conditions.push(gte(auditEvents.occurredAt, from));
  if (to) conditions.push(lt(auditEvents.occurredAt, new Date(to.getTime() + 1)));
  return conditions;
}

/**
 * The cursor of a page: `{ seq }` of its last event, newest first; `{ seq, dir: 'asc' }` oldest first. A cursor of
 * the other direction is 400 naming `query.cursor`. Shared with the platform trail.
 */
export const encodeSeqCursor = (seq: number, dir: SortDir): string => encodeCursor(dir === 'asc' ? { seq, dir } : { seq });

export function decodeSeqCursor(cursor: string | undefined, dir: SortDir): number | undefined {
  return decodeCursor(cursor, (value: unknown): value is { seq: number } => {
    const v = value as { seq?: unknown; dir?: unknown } | null;
    const seq = v?.seq;
    const ofDir = dir === 'asc' ? v?.dir === 'asc' : v?.dir === undefined;
    return ofDir && typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0;
  })?.seq;
}
