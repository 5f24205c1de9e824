import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import {
  memberRoles,
  memberships,
  roles,
  ssoConnections,
  ssoIdentities,
  teamMembers,
  teams,
  tenantDomains,
  tenants,
  users,
} from '@/db/schema';
import { recordPlatformAudit, recordTenantAudit } from '@/lib/audit/record';
import { hasSecondFactor } from '@/lib/auth/mfa/second-factor-status';
import { PENDING_SIGN_IN_COOKIE, pendingSignInCookieOptions } from '@/lib/auth/pending-sign-in-cookie';
import { createSession, encodeSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from '@/lib/auth/session';
import { issueSignInChallenge } from '@/lib/auth/sign-in-challenge';
import type { Actor, RequestMeta } from '@/lib/context';
import { DatabaseUnavailableError, isConnectionError } from '@/lib/errors';
import { sendingWebhooksAfterCommit } from '@/lib/tenancy/with-tenant';
import { requestMeta } from '@/lib/http/request-meta';
import { seatsOf } from '@/lib/invitations/seats';
import { invitationsFit } from '@/lib/invitations/policy';
import { now } from '@/lib/platform/clock';
import { logger } from '@/lib/platform/logger';
import { emailDomain, mayLinkExistingAccount, safeReturnTo, teamChangesForGroups } from './policy';
import { ssoRefusalPath, type SsoRefusalReason } from './refusal';
import type { SsoAssertion } from './types';

/** A sign-in the rules refuse: the transaction rolls back (nothing written) and the person sees the refusal page. */
class SsoRefusal extends Error {
  constructor(readonly reason: SsoRefusalReason) {
    super(`SSO sign-in refused: ${reason}`);
  }
}

/** Who provisions a member just in time: the connection itself (the tenant's trail names it). */
export function connectionActor(connection: { id: string; name: string }): Actor {
  return { type: 'system', id: `sso-connection:${connection.id}`, name: `Single sign-on (${connection.name})` };
}

type Outcome = {
  tenantSlug: string;
  userId: string;
  /** A session was made (signed in), or the person's own second factor is asked first. */
  session: { id: string } | null;
  pendingSecondStep: string | null;
};

/**
 * The end of every SSO sign-in, once the IdP's answer is verified (OIDC callback, SAML ACS). In one transaction:
 *
 * - the person: the identity of this connection and subject; else an existing account with that email, linked only
 *   when lib/sso/policy.ts `mayLinkExistingAccount` allows it; else a new account (no password, email verified by
 *   the IdP) when the connection provisions just in time. A deactivated account is refused.
 * - the membership: an active member goes on; a suspended one is refused; a newcomer (or a removed member) is made a
 *   member with the connection's default roles when it provisions just in time and a seat of the plan is left
 *   (the tenant row locked while counting, like invitations), else refused.
 * - the teams of the connection's group → team mappings: added for the groups the IdP lists, removed for mapped teams
 *   it no longer lists, unmapped teams never touched.
 * - audited: `member.provisioned` (actor: the connection), `sso.signed_in` (actor: the person) on the tenant's trail,
 *   `user.signed_in` on the platform trail.
 * - the session: `auth_method` `sso` with the connection, its second factor checked now when the IdP asserted one. A
 *   person with a second factor of their own whose IdP asserted none is asked for it first (the pending step, as
 *   after a password).
 *
 * Answers a 303 to `returnTo` (a same-origin path) or the tenant's console with the session cookie, or to the
 * second step, or to the refusal page (`/sso/refused?reason=…`, audited `sso.sign_in_failed`). Never a 500 for an
 * answer the rules refuse.
 */
export async function finishSsoSignIn(assertion: SsoAssertion, request: Request, returnTo?: string | null): Promise<Response> {
  const meta = requestMeta(request);
  let outcome: Outcome;
  try {
    outcome = await signInTransaction(assertion, meta);
  } catch (error) {
    if (!(error instanceof SsoRefusal)) {
      if (isConnectionError(error)) throw new DatabaseUnavailableError(error);
      throw error;
    }
    await recordRefusal(assertion, meta, error.reason);
    return redirect(ssoRefusalPath(error.reason));
  }
  if (outcome.pendingSecondStep) {
    const response = redirect('/sign-in/verify');
    response.headers.append('Set-Cookie', serializeCookie(PENDING_SIGN_IN_COOKIE, outcome.pendingSecondStep, pendingSignInCookieOptions()));
    return response;
  }
  const secure = usesSecureCookies(request);
  const token = await encodeSessionToken({ id: outcome.session!.id, userId: outcome.userId }, { secure });
  const response = redirect(safeReturnTo(returnTo, outcome.tenantSlug));
  response.headers.append(
    'Set-Cookie',
    serializeCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
      httpOnly: true,
      secure,
      sameSite: 'lax',
      path: '/',
      maxAge: SESSION_MAX_AGE_SECONDS,
    }),
  );
  return response;
}

async function signInTransaction(assertion: SsoAssertion, meta: RequestMeta): Promise<Outcome> {
  const db = await getDb();
  // The owner connection: accounts are created here, which the runtime role may not; the tenant is named so its
  // trail and rows are the ones written. A just-in-time join raises member.joined: its webhooks go out after the commit.
  return sendingWebhooksAfterCommit(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${assertion.tenantId}, true)`);
      const [connection] = await tx
        .select({
          id: ssoConnections.id,
          name: ssoConnections.name,
          enabled: ssoConnections.enabled,
          jitProvisioning: ssoConnections.jitProvisioning,
          defaultRoleIds: ssoConnections.defaultRoleIds,
          groupTeamMappings: ssoConnections.groupTeamMappings,
          tenantSlug: tenants.slug,
          tenantStatus: tenants.status,
        })
        .from(ssoConnections)
        .innerJoin(tenants, eq(tenants.id, ssoConnections.tenantId))
        .where(and(eq(ssoConnections.tenantId, assertion.tenantId), eq(ssoConnections.id, assertion.connectionId)))
        .limit(1);
      if (!connection || !connection.enabled || connection.tenantStatus !== 'active') throw new SsoRefusal('connection_unavailable');
      const tenantId = assertion.tenantId;
      const email = (assertion.email ?? '').trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new SsoRefusal('email_missing');
      const subject = (assertion.subject ?? '').trim();
      if (!subject) throw new SsoRefusal('invalid_response');

      // Who: the identity, else an account of that email (linked only when allowed), else a new account.
      const [identity] = await tx
        .select({ userId: ssoIdentities.userId })
        .from(ssoIdentities)
        .where(and(eq(ssoIdentities.connectionId, connection.id), eq(ssoIdentities.subject, subject)))
        .limit(1);
      let userId: string;
      let accountCreated = false;
      let linked = false;
      if (identity) {
        userId = identity.userId;
      } else {
        const [existing] = await tx
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.email}) = ${email}`)
          .limit(1);
        if (existing) {
          const [membership] = await tx
            .select({ status: memberships.status })
            .from(memberships)
            .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, existing.id)))
            .limit(1);
          const [domain] = await tx
            .select({ id: tenantDomains.id })
            .from(tenantDomains)
            .where(
              and(eq(tenantDomains.tenantId, tenantId), eq(tenantDomains.domain, emailDomain(email)), isNotNull(tenantDomains.verifiedAt)),
            )
            .limit(1);
          const allowed = mayLinkExistingAccount({
            emailVerifiedByIdp: assertion.emailVerified === true,
            emailDomainVerifiedByTenant: Boolean(domain),
            alreadyMember: Boolean(membership && membership.status !== 'removed'),
          });
          if (!allowed) throw new SsoRefusal('account_not_linked');
          userId = existing.id;
          linked = true;
        } else {
          if (!connection.jitProvisioning) throw new SsoRefusal('not_provisioned');
          const name = assertion.name?.trim().slice(0, 200) || email.split('@')[0];
          const [created] = await tx.insert(users).values({ email, name, emailVerified: now() }).returning({ id: users.id });
          userId = created.id;
          accountCreated = true;
          await recordPlatformAudit(tx, connectionActor(connection), meta, {
            action: 'user.created',
            targetType: 'user',
            targetId: userId,
            after: { email, name, verified: true, via: 'sso', tenant: connection.tenantSlug, connectionId: connection.id },
          });
        }
        await tx.insert(ssoIdentities).values({ tenantId, connectionId: connection.id, subject, userId });
      }

      const [user] = await tx
        .select({ id: users.id, email: users.email, name: users.name, deactivatedAt: users.deactivatedAt })
        .from(users)
        .where(eq(users.id, userId));
      if (user.deactivatedAt) throw new SsoRefusal('account_deactivated');
      const person: Actor = { type: 'user', id: user.id, name: user.name, email: user.email, isPlatformAdmin: false };

      // The membership: as it is, or just in time within the plan's seats.
      const [membership] = await tx
        .select({ id: memberships.id, status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
        .limit(1);
      if (membership?.status === 'suspended') throw new SsoRefusal('member_suspended');
      let membershipId: string;
      let provisioned = false;
      if (membership?.status === 'active') {
        membershipId = membership.id;
      } else {
        if (!connection.jitProvisioning) throw new SsoRefusal('not_provisioned');
        await tx.execute(sql`select id from tenants where id = ${tenantId}::uuid for update`);
        if (!invitationsFit(await seatsOf(tx, tenantId), 1).allowed) throw new SsoRefusal('seats_full');
        if (membership) {
          // A removed member comes back like a newcomer: the connection's roles, no old roles or teams.
          await tx
            .update(memberships)
            .set({ status: 'active', provisionedBy: 'sso', suspendedAt: null, suspendedReason: null })
            .where(eq(memberships.id, membership.id));
          await tx.delete(memberRoles).where(eq(memberRoles.membershipId, membership.id));
          await tx.delete(teamMembers).where(eq(teamMembers.membershipId, membership.id));
          membershipId = membership.id;
        } else {
          const [created] = await tx
            .insert(memberships)
            .values({ tenantId, userId, provisionedBy: 'sso' })
            .returning({ id: memberships.id });
          membershipId = created.id;
        }
        // Roles deleted since the connection was saved are skipped.
        const roleRows = connection.defaultRoleIds.length
          ? await tx
              .select({ id: roles.id, name: roles.name })
              .from(roles)
              .where(and(eq(roles.tenantId, tenantId), inArray(roles.id, connection.defaultRoleIds)))
          : [];
        if (roleRows.length > 0) {
          await tx.insert(memberRoles).values(roleRows.map((r) => ({ tenantId, membershipId, roleId: r.id })));
        }
        provisioned = true;
        await recordTenantAudit(tx, tenantId, connectionActor(connection), meta, {
          action: 'member.provisioned',
          targetType: 'member',
          targetId: membershipId,
          before: membership ? { status: membership.status } : null,
          after: {
            userId,
            email: user.email,
            status: 'active',
            via: 'sso',
            connectionId: connection.id,
            roles: roleRows.map((r) => r.name).sort(),
          },
        });
      }

      // Teams from the IdP's groups (mapped teams only; a team deleted since is skipped).
      const teamChanges = await syncMappedTeams(tx, tenantId, membershipId, connection.groupTeamMappings, assertion.groups ?? []);

      await tx
        .update(ssoIdentities)
        .set({ lastSignInAt: now() })
        .where(and(eq(ssoIdentities.connectionId, connection.id), eq(ssoIdentities.subject, subject)));
      await tx
        .update(users)
        .set({ lastSignInAt: sql`now()` })
        .where(eq(users.id, userId));

      // The session, or the person's own second factor first.
      let session: { id: string } | null = null;
      let pendingSecondStep: string | null = null;
      if (!assertion.secondFactor && (await hasSecondFactor(tx, userId))) {
        pendingSecondStep = await issueSignInChallenge(tx, userId, 'browser', { ssoConnectionId: connection.id });
      } else {
        session = await createSession(tx, userId, {
          ...meta,
          kind: 'browser',
          secondFactor: assertion.secondFactor === true,
          authMethod: 'sso',
          ssoConnectionId: connection.id,
        });
      }
      const signedIn = {
        connectionId: connection.id,
        connection: connection.name,
        secondFactorByIdp: assertion.secondFactor === true,
        secondStepPending: pendingSecondStep !== null,
        accountCreated,
        accountLinked: linked,
        provisioned,
        teamsAdded: teamChanges.added,
        teamsRemoved: teamChanges.removed,
      };
      await recordTenantAudit(tx, tenantId, person, meta, {
        action: 'sso.signed_in',
        targetType: 'member',
        targetId: membershipId,
        after: signedIn,
      });
      await recordPlatformAudit(tx, person, meta, {
        action: 'user.signed_in',
        targetType: 'user',
        targetId: userId,
        after: {
          provider: 'sso',
          tenant: connection.tenantSlug,
          connectionId: connection.id,
          secondStepPending: pendingSecondStep !== null,
        },
      });
      return { tenantSlug: connection.tenantSlug, userId, session, pendingSecondStep };
    }),
  );
}

/** Apply lib/sso/policy.ts `teamChangesForGroups` to the membership; the team names added and removed. */
async function syncMappedTeams(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  mappings: readonly { group: string; teamId: string }[],
  groups: readonly string[],
): Promise<{ added: string[]; removed: string[] }> {
  if (mappings.length === 0) return { added: [], removed: [] };
  const mappedIds = [...new Set(mappings.map((m) => m.teamId))];
  const existingTeams = await tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.tenantId, tenantId), inArray(teams.id, mappedIds)));
  const names = new Map(existingTeams.map((t) => [t.id, t.name]));
  const live = mappings.filter((m) => names.has(m.teamId));
  const current = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.membershipId, membershipId), inArray(teamMembers.teamId, mappedIds)));
  const { add, remove } = teamChangesForGroups(
    live,
    groups.map((g) => String(g)),
    current.map((r) => r.teamId),
  );
  if (add.length > 0) {
    await tx
      .insert(teamMembers)
      .values(add.map((teamId) => ({ tenantId, teamId, membershipId })))
      .onConflictDoNothing();
  }
  if (remove.length > 0) {
    await tx.delete(teamMembers).where(and(eq(teamMembers.membershipId, membershipId), inArray(teamMembers.teamId, remove)));
  }
  return { added: add.map((id) => names.get(id)!).sort(), removed: remove.map((id) => names.get(id)!).sort() };
}

/** A refused sign-in on the tenant's trail: the reason and the connection, never the IdP's answer itself. */
async function recordRefusal(assertion: SsoAssertion, meta: RequestMeta, reason: SsoRefusalReason): Promise<void> {
  try {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${assertion.tenantId}, true)`);
      const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, assertion.tenantId));
      if (!tenant) return;
      const [connection] = await tx
        .select({ id: ssoConnections.id, name: ssoConnections.name })
        .from(ssoConnections)
        .where(and(eq(ssoConnections.tenantId, assertion.tenantId), eq(ssoConnections.id, assertion.connectionId)));
      await recordTenantAudit(
        tx,
        assertion.tenantId,
        connectionActor(connection ?? { id: assertion.connectionId, name: 'unknown' }),
        meta,
        {
          action: 'sso.sign_in_failed',
          targetType: 'sso_connection',
          targetId: assertion.connectionId,
          after: { reason, email: (assertion.email ?? '').trim().toLowerCase() || null },
        },
      );
    });
  } catch (error) {
    // The refusal page is shown all the same; the trail's failure is logged (no assertion content).
    logger.warn({ err: { name: (error as Error).name, message: (error as Error).message }, reason }, 'sso refusal not audited');
  }
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

/**
 * Auth.js's choice of cookie (secure `__Secure-` name over https): the forwarded protocol when a proxy names one
 * (Auth.js trusts the host here, `trustHost: true`), else the request's own.
 */
function usesSecureCookies(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}

function serializeCookie(
  name: string,
  value: string,
  options: { httpOnly?: boolean; secure?: boolean; sameSite?: 'lax' | 'strict'; path?: string; maxAge?: number },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.sameSite) parts.push(`SameSite=${options.sameSite === 'lax' ? 'Lax' : 'Strict'}`);
  return parts.join('; ');
}
