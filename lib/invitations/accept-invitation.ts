import type { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { invitations, memberRoles, memberships, roles, teamMembers, teams, tenants, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { passwordSetColumns, rememberPassword } from '@/lib/auth/password-history';
import { enforcePasswordRules, passwordRulesForTenant, type PasswordRules } from '@/lib/auth/password-rules';
import { recordPlatformAudit, recordTenantAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError, forbidden, unauthenticated, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { effectiveStatus } from './invitation-view';
import { unusable, withInvitationToken } from './find-by-token';
import { acceptInvitationSchema, type AcceptedInvitation } from './schemas';

const accountExists = () =>
  new DomainError('conflict', 409, 'An account already exists for this address: sign in with it to accept the invitation.', [
    { path: 'email', message: 'An account exists: sign in to accept.' },
  ]);

/**
 * Accept an invitation from its mail link. Signed in: the account's email must be the invited address (403
 * otherwise). Not signed in: `{name, password}` creates the account, already verified (the link proved the
 * inbox); an existing account must sign in instead (409). The invitation row is locked for the whole
 * transaction, so of two concurrent accepts one wins and the other gets 409 `invitation_used`. Used: 409;
 * expired or revoked: 410; unknown link: 404. The membership (new, or a removed one made active again) gets
 * the invitation's roles and teams as they exist now. Audited in the tenant's trail (and a new account in the
 * platform trail), in the same transaction.
 */
export async function acceptInvitation(
  actor: Actor | null,
  token: string,
  input: z.input<typeof acceptInvitationSchema> | undefined,
  meta: RequestMeta,
): Promise<AcceptedInvitation> {
  const data = parseInput(acceptInvitationSchema, input ?? {});
  if (actor && actor.type !== 'user') throw forbidden('An invitation is accepted by a person, not an API key.');
  if (actor && data.password !== undefined) {
    throw validationFailed([{ path: 'password', message: 'You are signed in: accept without a name and password.' }]);
  }
  if (!actor && data.password === undefined)
    throw unauthenticated('Sign in to accept this invitation, or send name and password to create an account.');
  if (data.password !== undefined) {
    // A newcomer meets the inviting tenant's password rules (an unusable link skips them: the transaction says why).
    const invited = await invitationPasswordRules(token);
    if (invited) {
      await enforcePasswordRules({
        password: data.password,
        path: 'password',
        rules: invited.rules,
        person: { email: invited.email, name: data.name },
      });
    }
  }
  // Hashed before the transaction: the invitation row stays locked only for the writes.
  const passwordHash = data.password !== undefined ? await hashPassword(data.password) : null;

  return withInvitationToken(
    token,
    async (tx, row, enterTenant) => {
      if (!row) throw unusable({ status: 'unknown' });
      await enterTenant(row.tenantId);
      const [tenant] = await tx
        .select({ slug: tenants.slug, name: tenants.name, status: tenants.status })
        .from(tenants)
        .where(eq(tenants.id, row.tenantId));
      const status = effectiveStatus(row);
      if (status !== 'pending') throw unusable({ status, invitedBy: row.invitedByName, tenant });
      if (tenant.status === 'suspended')
        throw new DomainError(
          'tenant_suspended',
          403,
          `${tenant.name} is suspended: the invitation can be accepted once it is active again.`,
        );

      let person: Extract<Actor, { type: 'user' }>;
      let accountCreated = false;
      if (actor) {
        if (actor.email.toLowerCase() !== row.email) {
          throw forbidden(
            `This invitation is for ${row.email}, and you are signed in as ${actor.email}. Sign out, then open the link again.`,
          );
        }
        person = actor;
      } else {
        const [existing] = await tx
          .select({ id: users.id })
          .from(users)
          .where(eq(sql`lower(${users.email})`, row.email))
          .limit(1);
        if (existing) throw accountExists();
        const at = now();
        const [created] = await tx
          .insert(users)
          .values({ email: row.email, name: data.name!, ...passwordSetColumns(passwordHash!), emailVerified: at })
          .returning({ id: users.id, email: users.email, name: users.name })
          .catch((error: unknown) => {
            const code =
              (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
            throw code === '23505' ? accountExists() : error;
          });
        person = { type: 'user', id: created.id, name: created.name, email: created.email, isPlatformAdmin: false };
        await rememberPassword(tx, created.id, passwordHash!);
        accountCreated = true;
        await recordPlatformAudit(tx, person, meta, {
          action: 'user.registered',
          targetType: 'user',
          targetId: created.id,
          after: { email: created.email, name: created.name, verifiedBy: 'invitation' },
        });
      }

      const [membership] = await tx
        .select({ id: memberships.id, status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.tenantId, row.tenantId), eq(memberships.userId, person.id)))
        .limit(1);
      if (membership?.status === 'active') {
        throw new DomainError('conflict', 409, `You are already a member of ${tenant.name}.`);
      }
      // A suspended member stays suspended: an invitation does not lift it (an admin reactivates them).
      if (membership?.status === 'suspended') {
        throw new DomainError(
          'member_suspended',
          403,
          `Your membership of ${tenant.name} is suspended. Ask an administrator of the tenant to reactivate it.`,
        );
      }
      let membershipId: string;
      if (membership) {
        await tx.update(memberships).set({ status: 'active' }).where(eq(memberships.id, membership.id));
        await tx.delete(memberRoles).where(eq(memberRoles.membershipId, membership.id));
        await tx.delete(teamMembers).where(eq(teamMembers.membershipId, membership.id));
        membershipId = membership.id;
      } else {
        const [created] = await tx
          .insert(memberships)
          .values({ tenantId: row.tenantId, userId: person.id })
          .returning({ id: memberships.id });
        membershipId = created.id;
      }
      const roleRows = row.roleIds.length
        ? await tx
            .select({ id: roles.id, name: roles.name })
            .from(roles)
            .where(and(eq(roles.tenantId, row.tenantId), inArray(roles.id, row.roleIds)))
        : [];
      const teamRows = row.teamIds.length
        ? await tx
            .select({ id: teams.id, name: teams.name })
            .from(teams)
            .where(and(eq(teams.tenantId, row.tenantId), inArray(teams.id, row.teamIds)))
        : [];
      if (roleRows.length)
        await tx.insert(memberRoles).values(roleRows.map((r) => ({ tenantId: row.tenantId, membershipId, roleId: r.id })));
      if (teamRows.length)
        await tx.insert(teamMembers).values(teamRows.map((t) => ({ tenantId: row.tenantId, membershipId, teamId: t.id })));

      const accepted = await tx
        .update(invitations)
        .set({ status: 'accepted', acceptedAt: now(), acceptedBy: person.id })
        .where(and(eq(invitations.id, row.id), eq(invitations.status, 'pending')))
        .returning({ id: invitations.id });
      if (accepted.length !== 1) throw unusable({ status: 'accepted' });
      await recordTenantAudit(tx, row.tenantId, person, meta, {
        action: 'invitation.accepted',
        targetType: 'invitation',
        targetId: row.id,
        before: { status: 'pending' },
        after: {
          status: 'accepted',
          email: row.email,
          membershipId,
          roles: roleRows.map((r) => r.name).sort(),
          teams: teamRows.map((t) => t.name).sort(),
          accountCreated,
        },
      });
      return { tenant: { slug: tenant.slug, name: tenant.name }, email: row.email, userId: person.id, membershipId, accountCreated };
    },
    { asOwner: true, lock: true },
  );
}

/** The inviting tenant's password rules and the invited address, for a pending invitation's link; null otherwise. */
export async function invitationPasswordRules(token: string): Promise<{ rules: PasswordRules; email: string } | null> {
  return withInvitationToken(token, async (tx, row, enterTenant) => {
    if (!row || effectiveStatus(row) !== 'pending') return null;
    await enterTenant(row.tenantId);
    return { rules: await passwordRulesForTenant(tx, row.tenantId), email: row.email };
  });
}
