import type { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { memberRoles, memberships, rolePermissions, teamMembers, teamRoles, teams } from '@/db/schema';
import { assertMayGive, assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { lookUpRoleRefs } from '@/lib/access/resolve-role-refs';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed, type FieldError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { loadAttributeDefinitions } from './member-attributes';
import { attributeDiff, mergeAttributes } from './member-attributes-policy';
import { loadActiveMember } from './members';
import { memberParamsSchema, updateMemberSchema, type MemberView } from './member-schemas';

const names = (refs: Array<{ name: string }>) => refs.map((r) => r.name).sort();

/**
 * Replace a member's direct roles and/or teams. Needs members.update. Nobody changes their own (403), nor those
 * of a member holding a permission the actor may not grant (403); nobody assigns a role, or a team whose roles,
 * carry a permission they may not grant (403); the tenant's last full admin stays one (409). Roles are given by id
 * or exact name (lib/access/resolve-role-refs.ts). Unknown roles and teams (or
 * another tenant's) are 400 naming the field.
 *
 * `attributes` merges into the member's custom attribute values (lib/tenancy/member-attributes-policy.ts): unknown
 * keys, values their definition refuses and required attributes left empty are 400 at `attributes.<key>`. A change
 * of attributes alone grants nothing, so an admin may also fill in their own; the audit event carries the changed
 * keys' before and after.
 */
export async function updateMember(ctx: TenantContext, id: string, input: z.input<typeof updateMemberSchema>): Promise<MemberView> {
  requirePermission(ctx, 'members.update');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const data = parseInput(updateMemberSchema, input);
  const tenantId = ctx.tenant.id;
  const before = await loadActiveMember(ctx.db, tenantId, membershipId);
  const attributesOnly = data.roles === undefined && data.teamIds === undefined;
  if (!attributesOnly) await requireRecentSecondFactor(ctx); // step-up: roles and teams change what a member may do
  await assertMayManageMembers(ctx, [membershipId], { allowSelf: attributesOnly });

  const errors: FieldError[] = [];
  let attributes: { values: Record<string, unknown>; changed: string[]; stored: Record<string, unknown> } | null = null;
  if (data.attributes) {
    const defs = await loadAttributeDefinitions(ctx.db, tenantId);
    const [row] = await ctx.db
      .select({ attributes: memberships.attributes })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)))
      .for('update')
      .limit(1);
    const stored: Record<string, unknown> = row?.attributes ?? {};
    const merged = mergeAttributes(defs, stored, data.attributes);
    errors.push(...merged.errors);
    attributes = { values: merged.values, changed: merged.changed, stored };
  }
  const roleRefs = data.roles ? await lookUpRoleRefs(ctx.db, tenantId, data.roles, 'roles') : null;
  if (roleRefs) errors.push(...roleRefs.errors);
  if (data.teamIds?.length) {
    const found = new Set(
      (
        await ctx.db
          .select({ id: teams.id })
          .from(teams)
          .where(and(eq(teams.tenantId, tenantId), inArray(teams.id, data.teamIds)))
      ).map((t) => t.id),
    );
    data.teamIds.forEach((teamId, i) => {
      if (!found.has(teamId)) errors.push({ path: `teamIds.${i}`, message: 'No such team in this tenant.' });
    });
  }
  if (errors.length) throw validationFailed(errors);

  const newRoleIds = roleRefs?.ids ?? before.roles.map((r) => r.id);
  const newTeamIds = data.teamIds ?? before.teams.map((t) => t.id);
  const addedRoles = newRoleIds.filter((rid) => !before.roles.some((r) => r.id === rid));
  const addedTeams = newTeamIds.filter((tid) => !before.teams.some((t) => t.id === tid));

  // No escalation: every permission that comes with an added role or team must be the actor's own.
  const wanted = new Set<string>();
  if (addedRoles.length) {
    for (const row of await ctx.db
      .select({ permission: rolePermissions.permission })
      .from(rolePermissions)
      .where(inArray(rolePermissions.roleId, addedRoles))) {
      wanted.add(row.permission);
    }
  }
  if (addedTeams.length) {
    const rows = await ctx.db
      .select({ permission: rolePermissions.permission })
      .from(teamRoles)
      .innerJoin(rolePermissions, eq(rolePermissions.roleId, teamRoles.roleId))
      .where(inArray(teamRoles.teamId, addedTeams));
    for (const row of rows) wanted.add(row.permission);
  }
  // (Changing your own roles was refused above, so this always appoints someone else.)
  assertMayGive(ctx, wanted, { appointingOther: true });

  await keepingAFullAdmin(ctx, async () => {
    if (data.roles) {
      await ctx.db.delete(memberRoles).where(eq(memberRoles.membershipId, membershipId));
      if (newRoleIds.length) await ctx.db.insert(memberRoles).values(newRoleIds.map((roleId) => ({ tenantId, membershipId, roleId })));
    }
    if (data.teamIds) {
      await ctx.db.delete(teamMembers).where(eq(teamMembers.membershipId, membershipId));
      if (newTeamIds.length) await ctx.db.insert(teamMembers).values(newTeamIds.map((teamId) => ({ tenantId, membershipId, teamId })));
    }
  });
  if (attributes?.changed.length) {
    await ctx.db
      .update(memberships)
      .set({ attributes: attributes.values as Record<string, string | number> })
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)));
  }
  const after = await loadActiveMember(ctx.db, tenantId, membershipId);
  const diff = attributes?.changed.length ? attributeDiff(attributes.stored, attributes.values, attributes.changed) : null;
  await recordAudit(ctx, {
    action: 'member.updated',
    targetType: 'member',
    targetId: membershipId,
    before: {
      userId: before.user.id,
      email: before.user.email,
      roles: names(before.roles),
      teams: names(before.teams),
      ...(diff ? { attributes: diff.before } : {}),
    },
    after: {
      userId: after.user.id,
      email: after.user.email,
      roles: names(after.roles),
      teams: names(after.teams),
      ...(diff ? { attributes: diff.after } : {}),
    },
  });
  return after;
}
