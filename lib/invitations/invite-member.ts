import type { z } from 'zod';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { invitations, memberships, rolePermissions, teamRoles, teams, users } from '@/db/schema';
import { mayInviteWith } from './policy';
import { requirePermission } from '@/lib/access/require-permission';
import { lookUpRoleRefs } from '@/lib/access/resolve-role-refs';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { newToken } from '@/lib/auth/one-time-token';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { DomainError, forbidden, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { actingUserId } from '@/lib/acting-person';
import { auditState, invitationView, namesFor, type InvitationRow } from './invitation-view';
import { INVITATION_TTL_DAYS, inviteSchema, type InvitationView } from './schemas';
import { reserveSeat } from './seats';

/**
 * Invite a person by email with roles and optional teams. Needs members.invite, and every permission the
 * roles and teams carry must be one the inviter may hand out (lib/access/policy.ts: appointing someone
 * else). Unknown or another tenant's role/team ids: 400 naming the field. Already a member, or already
 * invited: 409 `conflict`. No seat left (members + pending invitations): 409 `seat_limit_reached`.
 * The mail with the link is queued in the same transaction; the token is stored only as its hash.
 */
export async function inviteMember(ctx: TenantContext, input: z.input<typeof inviteSchema>): Promise<InvitationView> {
  requirePermission(ctx, 'members.invite');
  const data = parseInput(inviteSchema, input);
  const teamIds = data.teamIds ?? [];
  const roleIds = await assertGrantable(ctx, data.roles, teamIds);
  return createInvitation(ctx, data.email, roleIds, teamIds);
}

/**
 * Roles (by id or exact name) and team ids must be the tenant's (400 naming each bad one), and what they carry
 * grantable (403). Returns the role ids.
 */
export async function assertGrantable(ctx: TenantContext, roleRefs: readonly string[], teamIds: string[]): Promise<string[]> {
  const tenantId = ctx.tenant.id;
  const { ids: roleIds, errors } = await lookUpRoleRefs(ctx.db, tenantId, roleRefs, 'roles');
  if (teamIds.length) {
    const found = new Set(
      (
        await ctx.db
          .select({ id: teams.id })
          .from(teams)
          .where(and(eq(teams.tenantId, tenantId), inArray(teams.id, teamIds)))
      ).map((t) => t.id),
    );
    teamIds.forEach((id, i) => {
      if (!found.has(id)) errors.push({ path: `teamIds.${i}`, message: 'No such team in this tenant.' });
    });
  }
  if (errors.length) throw validationFailed(errors);
  const wanted = new Set<string>();
  if (roleIds.length) {
    for (const row of await ctx.db
      .select({ permission: rolePermissions.permission })
      .from(rolePermissions)
      .where(inArray(rolePermissions.roleId, roleIds))) {
      wanted.add(row.permission);
    }
  }
  if (teamIds.length) {
    const rows = await ctx.db
      .select({ permission: rolePermissions.permission })
      .from(teamRoles)
      .innerJoin(rolePermissions, eq(rolePermissions.roleId, teamRoles.roleId))
      .where(inArray(teamRoles.teamId, teamIds));
    for (const row of rows) wanted.add(row.permission);
  }
  // An invitation always appoints someone else.
  const verdict = mayInviteWith(ctx.permissions, wanted);
  if (!verdict.allowed) throw forbidden(verdict.reason);
  return roleIds;
}

/** The invitation itself, once its roles and teams were checked: used by single and bulk invitations. */
export async function createInvitation(ctx: TenantContext, email: string, roleIds: string[], teamIds: string[]): Promise<InvitationView> {
  const tenantId = ctx.tenant.id;
  await assertNotMember(ctx, email);
  await expireStale(ctx, email);
  const [open] = await ctx.db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.email, email), eq(invitations.status, 'pending')))
    .limit(1);
  if (open) throw alreadyInvited(email);
  await reserveSeat(ctx.db, tenantId);

  const { token, hash } = newToken();
  const at = now();
  const [row] = await uniqueOr409(
    ctx.db
      .insert(invitations)
      .values({
        tenantId,
        email,
        roleIds,
        teamIds,
        tokenHash: hash,
        invitedBy: actingUserId(ctx.actor),
        invitedByName: ctx.actor.name,
        expiresAt: expiryFrom(at),
        lastSentAt: at,
        createdAt: at,
      })
      .returning(),
    `${email} already has a pending invitation. Resend it instead.`,
  );
  const view = invitationView(row, await namesFor(ctx.db, tenantId, [row]));
  await mailInvitation(ctx, row, view, token);
  await recordAudit(ctx, { action: 'invitation.created', targetType: 'invitation', targetId: row.id, after: auditState(view) });
  return view;
}

/** 409 when the address already belongs to a current (active or suspended) member of the tenant. */
export async function assertNotMember(ctx: TenantContext, email: string): Promise<void> {
  const [member] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.tenantId, ctx.tenant.id),
        inArray(memberships.status, ['active', 'suspended']),
        eq(sql`lower(${users.email})`, email),
      ),
    )
    .limit(1);
  if (member) {
    throw new DomainError('conflict', 409, `${email} is already a member of this tenant.`, [
      { path: 'email', message: 'Already a member.' },
    ]);
  }
}

export const expiryFrom = (at: Date) => new Date(at.getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);

const alreadyInvited = (email: string) =>
  new DomainError('conflict', 409, `${email} already has a pending invitation. Resend it instead.`, [
    { path: 'email', message: 'Already invited: resend the pending invitation.' },
  ]);

/** Queue the invitation mail with its link (`/invite/{token}`) in the caller's transaction. */
export async function mailInvitation(ctx: TenantContext, row: InvitationRow, view: InvitationView, token: string): Promise<void> {
  await enqueueEmail(ctx.db, {
    to: row.email,
    template: 'invitation',
    data: {
      tenantName: ctx.tenant.name,
      invitedBy: row.invitedByName,
      roles: view.roles.map((r) => r.name),
      expiresOn: `${row.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      url: appUrl(`/invite/${token}`),
    },
  });
}

/** Pending invitations of this address that are past their expiry become `expired` (audited), freeing the address. */
async function expireStale(ctx: TenantContext, email: string): Promise<void> {
  const gone = await ctx.db
    .update(invitations)
    .set({ status: 'expired' })
    .where(
      and(
        eq(invitations.tenantId, ctx.tenant.id),
        eq(invitations.email, email),
        eq(invitations.status, 'pending'),
        lte(invitations.expiresAt, now()),
      ),
    )
    .returning({ id: invitations.id });
  for (const { id } of gone) {
    await recordAudit(ctx, {
      action: 'invitation.expired',
      targetType: 'invitation',
      targetId: id,
      before: { status: 'pending' },
      after: { status: 'expired' },
    });
  }
}
