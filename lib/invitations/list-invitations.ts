import type { z } from 'zod';
import { and, eq, gt, ilike, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { invitations } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime, isText } from '@/lib/keyset-cursor';
import { orderColumns, orderTag, rowsAfter } from '@/lib/list-order';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { invitationView, namesFor } from './invitation-view';
import {
  INVITATION_SORT_DIRS,
  listInvitationsQuerySchema,
  type InvitationList,
  type InvitationSort,
  type InvitationStatus,
} from './schemas';
import { seatsOf } from './seats';
import { containsPattern } from '@/lib/like-pattern';

/** Each order's column, its value as a cursor key (times to the microsecond), and how a cursor's key turns back into SQL. */
const ORDERS: Record<
  InvitationSort,
  { column: SQLWrapper; key: SQL<string>; isKey: (k: unknown) => k is string; value: (k: string) => SQL }
> = {
  created: { column: invitations.createdAt, key: cursorTime(invitations.createdAt), isKey: isCursorTime, value: cursorTimeValue },
  email: {
    column: sql`lower(${invitations.email})`,
    key: sql<string>`lower(${invitations.email})`,
    isKey: isText,
    value: (k) => sql`${k}`,
  },
  expires: { column: invitations.expiresAt, key: cursorTime(invitations.expiresAt), isKey: isCursorTime, value: cursorTimeValue },
};

/** The status filter as SQL: pending means not yet expired; expired includes pending ones past their expiry. */
function statusFilter(status: InvitationStatus, at: Date): SQL {
  switch (status) {
    case 'pending':
      return and(eq(invitations.status, 'pending'), gt(invitations.expiresAt, at))!;
    case 'expired':
      return or(eq(invitations.status, 'expired'), and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, at)))!;
    default:
      return eq(invitations.status, status);
  }
}

/**
 * The tenant's invitations with status filter, address search and cursor, in the order of `?sort=` (`created` newest
 * first by default, `email` A–Z, `expires` soonest first; `?dir=` turns it round), ties broken by id; and the seats in
 * use. Each order has its own keyset cursor. Needs members.invite.
 */
export async function listInvitations(ctx: TenantContext, query: z.input<typeof listInvitationsQuerySchema>): Promise<InvitationList> {
  requirePermission(ctx, 'members.invite');
  const q = parseInput(listInvitationsQuerySchema, query ?? {});
  const dir = q.dir ?? INVITATION_SORT_DIRS[q.sort];
  const tag = orderTag(q.sort, dir, INVITATION_SORT_DIRS[q.sort]);
  const order = ORDERS[q.sort];
  const columns = [order.column, invitations.id];
  const after = q.cursor ? decodeSortCursor(q.cursor, tag, order.isKey) : null;
  const at = now();
  const where = and(
    eq(invitations.tenantId, ctx.tenant.id),
    q.status ? statusFilter(q.status, at) : undefined,
    q.q ? ilike(invitations.email, containsPattern(q.q)) : undefined,
    after ? rowsAfter(dir, columns, [order.value(after.key), sql`${after.id}::uuid`]) : undefined,
  );
  const rows = await ctx.db
    .select({ row: invitations, key: order.key })
    .from(invitations)
    .where(where)
    .orderBy(...orderColumns(dir, columns))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit).map((r) => r.row);
  const names = await namesFor(ctx.db, ctx.tenant.id, page);
  const last = rows[q.limit - 1];
  return {
    data: page.map((row) => invitationView(row, names)),
    nextCursor: rows.length > q.limit && last ? encodeSortCursor(tag, last.key, last.row.id) : null,
    seats: await seatsOf(ctx.db, ctx.tenant.id),
  };
}
