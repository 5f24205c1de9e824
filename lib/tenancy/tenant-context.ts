import { getDb, type Tx } from '@/db/client';
import type { TenantSettings } from '@/db/schema';
import { mustEnrolForTenant } from '@/lib/auth/mfa-policy';
import { idpSecondFactorSatisfies } from '@/lib/sso/policy';
import { PASSWORD_EXPIRED_MESSAGE, passwordAge } from '@/lib/auth/password-expiry';
import {
  revokeSession,
  sessionActor,
  sessionActorOf,
  touchSessionLastSeen,
  type LiveSessionRow,
  type PresentedSession,
} from '@/lib/auth/session';
import { DEFAULT_SETTINGS } from './get-tenant';
import type { Actor, RequestMeta, TenantContext, TenantRef } from '@/lib/context';
import { and, eq } from 'drizzle-orm';
import { systems, tenants } from '@/db/schema';
import { DomainError, notFound, unauthenticated } from '@/lib/errors';
import { apiKeyActor, resolveApiKey, touchApiKey } from '@/lib/access/resolve-api-key';
import { loadMemberAccess, touchMemberActivity, type MemberAccess } from '@/lib/access/member-access';
import { actingUserId } from '@/lib/acting-person';
import { TENANT_ID_LED_NOWHERE, withTenantOfSlug } from './find-tenant';
import { withTenantPipelined } from './with-tenant';
import { enforceSsoRequired, loadSsoRequiredFacts, type SsoRequiredFacts } from '@/lib/sso/domains/sso-required';
import { loadSessionFacts } from './session-facts';
import { loadApiKeyFacts } from './api-key-facts';

/**
 * Build the TenantContext for an actor and a tenant slug, and run `fn` inside the tenant's transaction.
 * Used by the route wrapper, server actions and the CLI alike.
 *
 * Unknown tenant or not a member: 404 (never reveal that a tenant exists). Suspended tenant: 403. Suspended member
 * (their own session, token or API key): 403 `member_suspended`. A member's use refreshes their activity (daily).
 * `options.system` (the `X-System-Slug` header) names a downstream system of the tenant: it is resolved
 * inside the tenant transaction into `ctx.system` (unknown slug → 404); without it `ctx.system` is null.
 * The caller is an Actor, or a credential the route wrapper left unread (an API key, a session): those are read
 * inside the tenant's transaction, in the round trip of the member's access.
 */
export async function withTenantContext<T>(
  caller: Actor | PresentedApiKey | PresentedSession,
  tenantSlug: string,
  meta: RequestMeta,
  fn: (ctx: TenantContext) => Promise<T>,
  options: { system?: string | null } = {},
): Promise<T> {
  if ('credential' in caller) return withApiKeyTenantContext(caller, tenantSlug, meta, fn, options);
  const sessionId = 'presented' in caller ? caller.sessionId : caller.type === 'user' ? caller.sessionId : undefined;
  try {
    return 'presented' in caller
      ? await withSessionTenantContext(caller, tenantSlug, meta, fn, options)
      : await withActorTenantContext(caller, tenantSlug, meta, fn, options);
  } catch (error) {
    // Idle past the tenant's timeout: the session ends (so signing in again is possible), then 401.
    if (error instanceof SessionIdle && sessionId) await revokeSession(await getDb(), sessionId);
    throw error;
  }
}

/**
 * A session idle for longer than the tenant's `sessionTimeoutMinutes` (tenant settings; judged by the session's
 * lastSeenAt before this request, which is kept to the minute): 401, and the session is revoked.
 */
class SessionIdle extends DomainError {
  constructor(minutes: number) {
    super('unauthenticated', 401, `Your session was idle for more than ${minutes} minutes, the limit this tenant sets. Sign in again.`);
  }
}

async function withActorTenantContext<T>(
  actor: Actor,
  tenantSlug: string,
  meta: RequestMeta,
  fn: (ctx: TenantContext) => Promise<T>,
  options: { system?: string | null },
): Promise<T> {
  const userId = actingUserId(actor);
  // The member's access (and the tenant's current state) is the first query, sent together with the
  // tenant setup: one round trip. Nothing loaded (no such tenant or member) may mean a remembered slug of a
  // wiped-out tenant: withTenantOfSlug then tries the slug's current tenant.
  const result = await withTenantOfSlug(tenantSlug, async (tenantId) => {
    if (actor.type === 'api_key' && actor.tenantId !== tenantId) return TENANT_ID_LED_NOWHERE;
    return withTenantPipelined(
      tenantId,
      userId,
      async (tx): Promise<Loaded | null> => {
        if (!userId) {
          const tenant = await loadTenantOnly(tx, tenantId);
          return tenant ? { tenant, member: null } : null;
        }
        // A person's password age and the tenant's "SSO required" facts ride in the same round trip (pipelined after
        // the setup, like the member's access).
        const [member, age, sso] = await Promise.all([
          loadMemberAccess(tx, tenantId, userId, { includeSuspended: true }),
          actor.type === 'user' ? passwordAge(tx, actor.id) : null,
          actor.type === 'user' ? loadSsoRequiredFacts(tx, tenantId, actor) : null,
        ]);
        return member ? { tenant: member.tenant, member, passwordExpired: age?.expired ?? false, ssoRequired: sso } : null;
      },
      async (tx, loaded) =>
        loaded ? { value: await enter(tx, actor, tenantId, tenantSlug, loaded, meta, fn, options) } : TENANT_ID_LED_NOWHERE,
    );
  });
  if (!result) throw notFound('tenant');
  return result.value;
}

/**
 * A tenant route called with a session (cookie or bearer access token, its signature checked by the wrapper): the
 * session's row, the person's access, password age and "SSO required" facts are read in ONE statement sent right
 * behind the tenant setup (lib/tenancy/session-facts.ts; the session row through the owner function
 * live_session_facts, as custos_app may not read sessions), all by the user id the credential names.
 * None of these facts is remembered between requests (only the cookie's decryption is: lib/auth/verified-token-memo.ts),
 * so a revoked session or a changed permission applies on the next request, on every instance. No live session: 401 (also when the tenant does not exist); live but not a member: 404.
 */
async function withSessionTenantContext<T>(
  session: PresentedSession,
  tenantSlug: string,
  meta: RequestMeta,
  fn: (ctx: TenantContext) => Promise<T>,
  options: { system?: string | null },
): Promise<T> {
  let live: LiveSessionRow | null = null;
  try {
    const result = await withTenantOfSlug(tenantSlug, (tenantId) =>
      withTenantPipelined(
        tenantId,
        session.userId,
        (tx) => loadSessionFacts(tx, tenantId, session),
        async (tx, facts): Promise<{ value: T } | typeof TENANT_ID_LED_NOWHERE> => {
          if (!facts.session) throw unauthenticated();
          live = facts.session;
          const member = facts.member;
          if (!member) return TENANT_ID_LED_NOWHERE;
          const actor = sessionActorOf(session.sessionId, facts.session);
          const loaded = {
            tenant: member.tenant,
            member,
            passwordExpired: facts.passwordAge.expired,
            ssoRequired: facts.ssoRequired(actor),
          };
          return { value: await enter(tx, actor, tenantId, tenantSlug, loaded, meta, fn, options) };
        },
      ),
    );
    if (result) return result.value;
    // No such tenant (the session was never read), or not a member: 401 unless the session is live, then 404.
    if (!live && !(await sessionActor(session.sessionId, session.userId))) throw unauthenticated();
    throw notFound('tenant');
  } finally {
    // lastSeenAt, kept to the minute, as the owner: after the tenant's transaction (PGlite has one connection).
    const seen: LiveSessionRow | null = live;
    if (seen) await touchSessionLastSeen(await getDb(), session.sessionId, seen);
  }
}

/**
 * An API key presented on a tenant route, not yet looked up (lib/auth/resolve-actor.ts presentedApiKey). `counted`:
 * its rate-limit count, taken while the tenant transaction starts (lib/http/route.ts); awaited before the key is
 * used, it throws the 429 of a key over its limit.
 */
export type PresentedApiKey = { credential: string; prefix: string; counted?: () => Promise<void> };

type Loaded = {
  tenant: Omit<TenantRef, 'id' | 'slug'> & { settings?: TenantSettings };
  member: MemberAccess | null;
  /** A person's password is past their strictest maximum age (lib/auth/password-expiry.ts); loaded for user actors only. */
  passwordExpired?: boolean;
  /** The tenant's "SSO required" facts for a person (lib/sso/domains/sso-required.ts); loaded for user actors only. */
  ssoRequired?: SsoRequiredFacts | null;
};

/**
 * A tenant route called with an API key: the key is read inside the tenant's own transaction, with the
 * creator's access in one statement (lib/tenancy/api-key-facts.ts) sent behind the tenant setup in one round trip
 * (row-level security shows only this tenant's keys). A key this tenant does not have is then looked up by its prefix alone, outside, to answer
 * 404 for a valid key of another tenant and 401 for anything else — also when the tenant does not exist, so
 * a bad key learns nothing about which tenants exist.
 */
async function withApiKeyTenantContext<T>(
  key: PresentedApiKey,
  tenantSlug: string,
  meta: RequestMeta,
  fn: (ctx: TenantContext) => Promise<T>,
  options: { system?: string | null },
): Promise<T> {
  const elsewhere = async (): Promise<never> => {
    if (await resolveApiKey(key.credential)) throw notFound('tenant');
    throw unauthenticated();
  };
  // A key this tenant does not have may also mean a remembered slug of a wiped-out tenant: withTenantOfSlug then
  // tries the slug's current tenant before answering.
  const result = await withTenantOfSlug(tenantSlug, (tenantId) =>
    withTenantPipelined(
      tenantId,
      null,
      (tx) => loadApiKeyFacts(tx, tenantId, key.prefix),
      async (tx, { row, member }): Promise<{ value: T } | typeof TENANT_ID_LED_NOWHERE> => {
        await key.counted?.();
        if (!row) return TENANT_ID_LED_NOWHERE;
        const actor = apiKeyActor(key.credential, row);
        if (!actor) throw unauthenticated();
        await touchApiKey(tx, row);
        const loaded = member ? { tenant: member.tenant, member } : null;
        return { value: await enter(tx, actor, tenantId, tenantSlug, loaded, meta, fn, options) };
      },
    ),
  );
  if (!result) return elsewhere();
  return result.value;
}

/** Inside the tenant transaction, the access loaded: 404 for non-members, 403 when suspended, then `fn(ctx)`. */
async function enter<T>(
  tx: Tx,
  actor: Actor,
  tenantId: string,
  tenantSlug: string,
  loaded: Loaded | null,
  meta: RequestMeta,
  fn: (ctx: TenantContext) => Promise<T>,
  options: { system?: string | null },
): Promise<T> {
  if (!loaded) throw notFound('tenant');
  const { settings, ...state } = loaded.tenant;
  const tenant: TenantRef = { id: tenantId, slug: tenantSlug, ...state };
  if (actor.type === 'user' && actor.lastSeenAt) {
    const minutes = settings?.sessionTimeoutMinutes ?? DEFAULT_SETTINGS.sessionTimeoutMinutes;
    if (Date.now() - actor.lastSeenAt.getTime() > minutes * 60_000) throw new SessionIdle(minutes);
  }
  let membershipId: string | null = null;
  let permissions: ReadonlySet<string>;
  const member = loaded.member;
  if (actor.type === 'system' || !member) {
    permissions = new Set<string>(); // system actors are given explicit permissions by their callers
  } else {
    membershipId = member.membershipId;
    permissions = actor.type === 'api_key' ? new Set(actor.scopes.filter((scope) => member.permissions.has(scope))) : member.permissions;
  }
  if (tenant.status === 'suspended') {
    throw new DomainError('tenant_suspended', 403, 'This tenant is suspended. Contact your platform administrator.');
  }
  // "SSO required" (lib/sso/domains/policy.ts): people on the tenant's verified domains come through its IdP; a
  // platform admin's other session enters on break-glass, audited. API keys are not sessions: not judged.
  if (actor.type === 'user' && member) {
    await enforceSsoRequired({ actor, tenant, membershipId, permissions, meta, db: tx, system: null }, actor, loaded.ssoRequired);
  }
  // The tenant's MFA policy (lib/auth/mfa-policy.ts): a person it covers who has no second factor enrols first.
  if (
    actor.type === 'user' &&
    actor.hasSecondFactor === false &&
    // A second factor the tenant's IdP asserted at an SSO sign-in counts (lib/sso/policy.ts).
    !idpSecondFactorSatisfies(actor) &&
    mustEnrolForTenant({ setting: settings?.mfaRequired, permissions, hasSecondFactor: false })
  ) {
    throw new DomainError(
      'mfa_enrolment_required',
      403,
      'This tenant requires a second factor. Set up an authenticator app or a passkey on your account security page, then try again.',
    );
  }
  if (member && actor.type !== 'system') {
    if (member.status === 'suspended') {
      throw new DomainError(
        'member_suspended',
        403,
        `Your membership of ${tenant.name} is suspended. Ask an administrator of the tenant to reactivate it.`,
      );
    }
    await touchMemberActivity(tx, tenantId, member);
  }
  // A person (session or bearer token) whose password is past their strictest maximum age: 403 password_expired.
  if (actor.type === 'user' && loaded?.passwordExpired) throw new DomainError('password_expired', 403, PASSWORD_EXPIRED_MESSAGE);
  let system: TenantContext['system'] = null;
  if (options.system) {
    const [found] = await tx
      .select({ id: systems.id, slug: systems.slug })
      .from(systems)
      .where(and(eq(systems.tenantId, tenantId), eq(systems.slug, options.system)));
    if (!found) throw notFound('system');
    system = found;
  }
  return fn({ actor, tenant, membershipId, permissions, meta, db: tx, system });
}

/** For system actors (no membership): the tenant's current name, status and plan. */
async function loadTenantOnly(tx: Tx, tenantId: string): Promise<Omit<TenantRef, 'id' | 'slug'> | null> {
  const [row] = await tx
    .select({ name: tenants.name, status: tenants.status, planId: tenants.planId })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row ?? null;
}
