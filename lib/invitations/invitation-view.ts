import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { invitations, roles, teams } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import type { InvitationStatus, InvitationView } from './schemas';

export type InvitationRow = typeof invitations.$inferSelect;

/** The status people see: a pending invitation past its expiry is expired, whether or not the expiry job has run. */
export function effectiveStatus(row: Pick<InvitationRow, 'status' | 'expiresAt'>, at: Date = now()): InvitationStatus {
  return row.status === 'pending' && row.expiresAt <= at ? 'expired' : row.status;
}

/** Role and team names for the ids of these rows (ids deleted since are left out). */
export async function namesFor(db: Queryable, tenantId: string, rows: InvitationRow[]) {
  const roleIds = [...new Set(rows.flatMap((r) => r.roleIds))];
  const teamIds = [...new Set(rows.flatMap((r) => r.teamIds))];
  const roleNames = new Map<string, string>();
  const teamNames = new Map<string, string>();
  if (roleIds.length) {
    for (const r of await db
      .select({ id: roles.id, name: roles.name })
      .from(roles)
      .where(and(eq(roles.tenantId, tenantId), inArray(roles.id, roleIds)))) {
      roleNames.set(r.id, r.name);
    }
  }
  if (teamIds.length) {
    for (const t of await db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.tenantId, tenantId), inArray(teams.id, teamIds)))) {
      teamNames.set(t.id, t.name);
    }
  }
  return { roleNames, teamNames };
}

export function invitationView(row: InvitationRow, names: Awaited<ReturnType<typeof namesFor>>): InvitationView {
  const refs = (ids: string[], map: Map<string, string>) =>
    ids
      .filter((id) => map.has(id))
      .map((id) => ({ id, name: map.get(id)! }))
      .sort((a, b) => a.name.localeCompare(b.name));
  return {
    id: row.id,
    email: row.email,
    status: effectiveStatus(row),
    roles: refs(row.roleIds, names.roleNames),
    teams: refs(row.teamIds, names.teamNames),
    invitedBy: { id: row.invitedBy, name: row.invitedByName },
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    lastSentAt: row.lastSentAt.toISOString(),
    sentCount: row.sentCount,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** One invitation of the tenant, locked for the rest of the transaction when `lock`; another tenant's id is 404. */
export async function loadInvitation(db: Queryable, tenantId: string, id: string, lock = false): Promise<InvitationRow> {
  const query = db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id)))
    .limit(1);
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('invitation');
  return row;
}

/** The audit picture of an invitation: who, which roles and teams, until when. Never the token or its hash. */
export function auditState(view: InvitationView) {
  return {
    email: view.email,
    status: view.status,
    roles: view.roles.map((r) => r.name),
    teams: view.teams.map((t) => t.name),
    expiresAt: view.expiresAt,
  };
}
