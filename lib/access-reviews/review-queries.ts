import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  memberOverrides,
  memberRoles,
  memberships,
  roles,
  systems,
  teamMembers,
  teams,
  totpSecrets,
  users,
  webauthnCredentials,
} from '@/db/schema';
import { accessReviewCampaigns, accessReviewItems, type AccessReviewSnapshot } from '@/db/schema/access-reviews';
import { loadMemberAccess, type MemberAccess } from '@/lib/access/member-access';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { isOverdue, progressOf } from './policy';
import type { AccessReviewItemView, AccessReviewView } from './schemas';

/**
 * Reading campaigns and items, and the facts a campaign starts from (the members of the tenant with their access),
 * shared by the verbs of lib/access-reviews/. Every query names the tenant; ctx.db is under its row-level security.
 */

export type CampaignRow = typeof accessReviewCampaigns.$inferSelect;
export type ItemRow = typeof accessReviewItems.$inferSelect;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** The campaign row, or 404; `forUpdate` locks it (signing and closing of one campaign serialize). */
export async function loadCampaignRow(ctx: TenantContext, id: string, options: { forUpdate?: boolean } = {}): Promise<CampaignRow> {
  const query = ctx.db
    .select()
    .from(accessReviewCampaigns)
    .where(and(eq(accessReviewCampaigns.tenantId, ctx.tenant.id), eq(accessReviewCampaigns.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('access review');
  return row;
}

/** A campaign's items, by member then reviewer; only `reviewerId`'s when given. */
export async function loadItemRows(ctx: TenantContext, campaignIds: readonly string[], reviewerId?: string): Promise<ItemRow[]> {
  if (campaignIds.length === 0) return [];
  return ctx.db
    .select()
    .from(accessReviewItems)
    .where(
      and(
        eq(accessReviewItems.tenantId, ctx.tenant.id),
        inArray(accessReviewItems.campaignId, [...campaignIds]),
        reviewerId === undefined ? undefined : eq(accessReviewItems.reviewerId, reviewerId),
      ),
    )
    .orderBy(
      asc(accessReviewItems.subjectName),
      asc(accessReviewItems.subjectEmail),
      asc(accessReviewItems.reviewerName),
      asc(accessReviewItems.id),
    );
}

export function campaignView(row: CampaignRow, items: ReadonlyArray<Pick<ItemRow, 'decision' | 'signedAt'>>): AccessReviewView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    reviewers: row.reviewers,
    dueOn: row.dueOn,
    recurrence: row.recurrence,
    status: row.status,
    owner: { id: row.ownerId, name: row.ownerName },
    previousCampaignId: row.previousCampaignId,
    createdAt: iso(row.createdAt)!,
    closedAt: iso(row.closedAt),
    overdue: isOverdue(row, now()),
    progress: progressOf(items),
    reportSha256: row.reportSha256,
  };
}

export function itemView(row: ItemRow): AccessReviewItemView {
  return {
    id: row.id,
    campaignId: row.campaignId,
    reviewer: { id: row.reviewerId, name: row.reviewerName },
    member: { membershipId: row.membershipId, userId: row.subjectUserId, name: row.subjectName, email: row.subjectEmail },
    snapshot: row.snapshot,
    decision: row.decision,
    change: row.change,
    comment: row.comment,
    decidedAt: iso(row.decidedAt),
    signatureId: row.signatureId,
    signedAt: iso(row.signedAt),
    appliedChange: row.appliedChange,
  };
}

/** A current (active or suspended) member of the tenant with their effective access (lib/access/member-access.ts). */
export type TenantMember = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  access: MemberAccess;
};

/** Every active and suspended member of the tenant, by name, each with their effective access. */
export async function loadTenantMembers(ctx: TenantContext): Promise<TenantMember[]> {
  const rows = await ctx.db
    .select({ membershipId: memberships.id, userId: memberships.userId, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, ctx.tenant.id), inArray(memberships.status, ['active', 'suspended'])))
    .orderBy(asc(users.name), asc(users.email));
  const out: TenantMember[] = [];
  for (const row of rows) {
    const access = await loadMemberAccess(ctx.db, ctx.tenant.id, row.userId, { includeSuspended: true });
    if (access) out.push({ ...row, status: access.status, access });
  }
  return out;
}

/**
 * The snapshots of members' access as a review starts: direct roles (with the system a role is scoped to), teams,
 * direct grants and denies, the systems they reach (a role scoped to it, or any of its keys), when they last used
 * the tenant, and their second factors.
 */
export async function snapshotsOf(ctx: TenantContext, members: readonly TenantMember[]): Promise<Map<string, AccessReviewSnapshot>> {
  const out = new Map<string, AccessReviewSnapshot>();
  if (members.length === 0) return out;
  const tenantId = ctx.tenant.id;
  const membershipIds = members.map((m) => m.membershipId);
  const userIds = members.map((m) => m.userId);
  const systemRows = await ctx.db
    .select({ id: systems.id, slug: systems.slug, name: systems.name })
    .from(systems)
    .where(eq(systems.tenantId, tenantId));
  const systemById = new Map(systemRows.map((s) => [s.id, s]));
  const roleRows = await ctx.db
    .select({ membershipId: memberRoles.membershipId, id: roles.id, name: roles.name, systemId: roles.systemId })
    .from(memberRoles)
    .innerJoin(roles, eq(roles.id, memberRoles.roleId))
    .where(and(eq(memberRoles.tenantId, tenantId), inArray(memberRoles.membershipId, membershipIds)))
    .orderBy(asc(roles.name));
  const teamRows = await ctx.db
    .select({ membershipId: teamMembers.membershipId, id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.tenantId, tenantId), inArray(teamMembers.membershipId, membershipIds)))
    .orderBy(asc(teams.name));
  const overrideRows = await ctx.db
    .select({ membershipId: memberOverrides.membershipId, permission: memberOverrides.permission, effect: memberOverrides.effect })
    .from(memberOverrides)
    .where(and(eq(memberOverrides.tenantId, tenantId), inArray(memberOverrides.membershipId, membershipIds)))
    .orderBy(asc(memberOverrides.permission));
  const totp = new Set(
    (
      await ctx.db
        .select({ userId: totpSecrets.userId })
        .from(totpSecrets)
        .where(and(inArray(totpSecrets.userId, userIds), isNotNull(totpSecrets.confirmedAt)))
    ).map((r) => r.userId),
  );
  const passkeys = new Map<string, number>();
  for (const r of await ctx.db
    .select({ userId: webauthnCredentials.userId })
    .from(webauthnCredentials)
    .where(inArray(webauthnCredentials.userId, userIds))) {
    passkeys.set(r.userId, (passkeys.get(r.userId) ?? 0) + 1);
  }
  for (const m of members) {
    const reached = systemRows.filter(
      (s) => m.access.heldRoles.some((r) => r.systemId === s.id) || [...m.access.permissions].some((p) => p.startsWith(`${s.slug}:`)),
    );
    out.set(m.membershipId, {
      status: m.status,
      roles: roleRows
        .filter((r) => r.membershipId === m.membershipId)
        .map((r) => ({ id: r.id, name: r.name, system: r.systemId ? (systemById.get(r.systemId)?.name ?? null) : null })),
      teams: teamRows.filter((t) => t.membershipId === m.membershipId).map((t) => ({ id: t.id, name: t.name })),
      overrides: overrideRows
        .filter((o) => o.membershipId === m.membershipId)
        .map((o) => ({ permission: o.permission, effect: o.effect === 'grant' ? ('allow' as const) : ('deny' as const) })),
      systems: reached.map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
      lastActiveAt: m.access.lastActiveAt ? m.access.lastActiveAt.toISOString() : null,
      secondFactor: { totp: totp.has(m.userId), passkeys: passkeys.get(m.userId) ?? 0 },
    });
  }
  return out;
}
