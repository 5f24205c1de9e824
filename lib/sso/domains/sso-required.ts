import { eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { tenants } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { Actor, TenantContext } from '@/lib/context';
import { conflict, DomainError, validationFailed } from '@/lib/errors';
import { ssoRequiredFacts } from './domain-view';
import { connectionRemovalProblem, emailDomainOf, SSO_REQUIRED_MESSAGE, ssoRequiredDecision, ssoRequiredProblem } from './policy';

/** What the tenant request path needs to judge "SSO required" for a person (lib/tenancy/tenant-context.ts). */
export type SsoRequiredFacts = {
  ssoRequired: boolean;
  emailDomainVerified: boolean;
  sessionConnectionIsTenants: boolean;
  breakGlassRecorded: boolean;
};

type UserActor = Extract<Actor, { type: 'user' }>;

/**
 * The facts in one query inside the tenant's transaction (row-level security shows this tenant's domains and
 * connections only), pipelined with the member's access: no round trip of its own. Only a tenant with `ssoRequired`
 * on looks further (the sub-queries are skipped otherwise).
 */
export async function loadSsoRequiredFacts(tx: Tx, tenantId: string, actor: UserActor): Promise<SsoRequiredFacts> {
  const [row] = rowsOf<{ required: boolean; domain_verified: boolean; own_connection: boolean; break_glass: boolean }>(
    await tx.execute(sql`
      with t as (select coalesce((settings->>'ssoRequired')::boolean, false) as required from tenants where id = ${tenantId})
      select t.required,
             t.required and exists (select 1 from tenant_domains d where d.tenant_id = ${tenantId} and d.verified_at is not null
                                       and d.domain = ${emailDomainOf(actor.email)}) as domain_verified,
             t.required and exists (select 1 from sso_connections c where c.tenant_id = ${tenantId}
                                       and c.id = ${actor.ssoConnectionId ?? null}::uuid) as own_connection,
             t.required and ${actor.sessionId ?? null}::text is not null
               and exists (select 1 from audit_events a where a.tenant_id = ${tenantId} and a.target_type = 'session'
                             and a.target_id = ${actor.sessionId ?? null}::text and a.action = 'sso.break_glass') as break_glass
        from t`),
  );
  return {
    ssoRequired: row?.required === true,
    emailDomainVerified: row?.domain_verified === true,
    sessionConnectionIsTenants: row?.own_connection === true,
    breakGlassRecorded: row?.break_glass === true,
  };
}

/**
 * loadSsoRequiredFacts for a session whose row is read in the same statement (so its email and connection are not yet
 * known): the tenant's verified domains and connections come back (only when it requires SSO; few), and the facts
 * are finished with the session's person once its row is in (ssoRequiredFactsOfSessionRow). Same tables, same
 * row-level security, same answer. One row, for a statement that loads more beside it (lib/tenancy/session-facts.ts).
 */
export function ssoRequiredFactsOfSessionQuery(tenantId: string, session: { sessionId: string }): SQL {
  return sql`
      with t as (select coalesce((settings->>'ssoRequired')::boolean, false) as required from tenants where id = ${tenantId})
      select t.required,
             case when t.required then array(select d.domain from tenant_domains d
                                              where d.tenant_id = ${tenantId} and d.verified_at is not null) end as domains,
             case when t.required then array(select c.id::text from sso_connections c where c.tenant_id = ${tenantId}) end as connections,
             t.required and exists (select 1 from audit_events a where a.tenant_id = ${tenantId} and a.target_type = 'session'
                                       and a.target_id = ${session.sessionId}::text and a.action = 'sso.break_glass') as break_glass
        from t`;
}

/** A row of ssoRequiredFactsOfSessionQuery (also as a JSON object when a larger statement carries it). */
export type SsoRequiredFactsOfSessionRow = {
  required: boolean;
  domains: string[] | null;
  connections: string[] | null;
  break_glass: boolean;
};

/** The facts of ssoRequiredFactsOfSessionQuery's row, finished with the session's person. */
export function ssoRequiredFactsOfSessionRow(row: SsoRequiredFactsOfSessionRow | null | undefined): (actor: UserActor) => SsoRequiredFacts {
  const required = row?.required === true;
  return (actor) => ({
    ssoRequired: required,
    emailDomainVerified: required && (row?.domains ?? []).includes(emailDomainOf(actor.email)),
    sessionConnectionIsTenants: required && actor.ssoConnectionId != null && (row?.connections ?? []).includes(actor.ssoConnectionId),
    breakGlassRecorded: row?.break_glass === true,
  });
}

/**
 * Inside the tenant's transaction, after the membership checks: a person whose email is on the tenant's verified
 * domain, in a tenant that requires SSO, enters only with a session from one of this tenant's connections (else 403
 * `sso_required`). A platform admin's other session enters on break-glass, audited `sso.break_glass` on the
 * tenant's trail once per session. API keys are not sessions and are not judged here.
 */
export async function enforceSsoRequired(ctx: TenantContext, actor: UserActor, facts: SsoRequiredFacts | null | undefined): Promise<void> {
  if (!facts) return;
  const decision = ssoRequiredDecision({
    ssoRequired: facts.ssoRequired,
    emailDomainVerified: facts.emailDomainVerified,
    authMethod: actor.authMethod,
    sessionConnectionIsTenants: facts.sessionConnectionIsTenants,
    isPlatformAdmin: actor.isPlatformAdmin,
  });
  if (decision === 'refuse') throw new DomainError('sso_required', 403, SSO_REQUIRED_MESSAGE(ctx.tenant.name));
  if (decision === 'break_glass' && !facts.breakGlassRecorded) {
    await recordAudit(ctx, {
      action: 'sso.break_glass',
      targetType: 'session',
      targetId: actor.sessionId ?? undefined,
      after: { userId: actor.id, email: actor.email, authMethod: actor.authMethod ?? null },
      reason: 'A platform administrator entered a tenant that requires SSO without signing in through its identity provider.',
    });
  }
}

/**
 * Turning "SSO required" on needs a verified domain and an enabled connection (policy.ts ssoRequiredProblem): else
 * 400 naming `settings.ssoRequired`. Called by the tenant settings update.
 */
export async function assertSsoRequirable(ctx: TenantContext): Promise<void> {
  const problem = ssoRequiredProblem(await ssoRequiredFacts(ctx.db, ctx.tenant.id));
  if (problem) throw validationFailed([{ path: 'settings.ssoRequired', message: problem }]);
}

/**
 * Before turning a connection off or removing it: refuse (409) when "SSO required" is on and it is the tenant's last
 * enabled connection (lib/sso/domains/policy.ts connectionRemovalProblem). A connection already off takes nothing away.
 */
export async function assertConnectionMayGo(ctx: TenantContext, connection: { enabled: boolean }): Promise<void> {
  if (!connection.enabled) return;
  const [tenant] = await ctx.db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, ctx.tenant.id));
  const { enabledConnections } = await ssoRequiredFacts(ctx.db, ctx.tenant.id);
  const problem = connectionRemovalProblem({
    ssoRequired: tenant?.settings?.ssoRequired === true,
    enabledConnectionsLeft: enabledConnections - 1,
  });
  if (problem) throw conflict(problem);
}
