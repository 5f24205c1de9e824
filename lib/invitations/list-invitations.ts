import type { z } from 'zod';
import { and, desc, eq, gt, ilike, lt, lte, or, type SQL } from 'drizzle-orm';
import { invitations } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { decodeCursor, encodeCursor, isUuid } from '@/lib/keyset-cursor';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { invitationView, namesFor } from './invitation-view';
import { listInvitationsQuerySchema, type InvitationList, type InvitationStatus } from './schemas';
import { seatsOf } from './seats';

/** `[createdAt, id]` keyset cursors, newest first. */
const encode = (at: Date, id: string) => encodeCursor([at.toISOString(), id]);
function decode(cursor: string | undefined): { at: Date; id: string } | null {
  const value = decodeCursor(
    cursor,
    (v): v is [string, string] => Array.isArray(v) && typeof v[0] === 'string' && !Number.isNaN(new Date(v[0]).getTime()) && isUuid(v[1]),
  );
  return value ? { at: new Date(value[0]), id: value[1] } : null;
}

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

/** The tenant's invitations, newest first, with status filter, address search and cursor; and the seats in use. Needs members.invite. */
export async function listInvitations(ctx: TenantContext, query: z.input<typeof listInvitationsQuerySchema>): Promise<InvitationList> {
  requirePermission(ctx, 'members.invite');
  const q = parseInput(listInvitationsQuerySchema, query ?? {});
  const after = decode(q.cursor);
  const at = now();
  const where = and(
    eq(invitations.tenantId, ctx.tenant.id),
    q.status ? statusFilter(q.status, at) : undefined,
    q.q ? ilike(invitations.email, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    after ? or(lt(invitations.createdAt, after.at), and(eq(invitations.createdAt, after.at), lt(invitations.id, after.id))) : undefined,
  );
  const rows = await ctx.db
    .select()
    .from(invitations)
    .where(where)
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const names = await namesFor(ctx.db, ctx.tenant.id, page);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => invitationView(row, names)),
    nextCursor: rows.length > q.limit && last ? encode(last.createdAt, last.id) : null,
    seats: await seatsOf(ctx.db, ctx.tenant.id),
  };
}
