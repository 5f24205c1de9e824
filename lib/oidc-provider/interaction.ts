import { logger } from '@/lib/platform/logger';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { enrolPath } from '@/lib/auth/mfa-policy';
import { passwordExpiredPath } from '@/lib/auth/password-expiry';
import { resolveSessionActor } from '@/lib/auth/session';
import { recordAudit } from '@/lib/audit/record';
import type { Actor } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { problemResponse } from '@/lib/http/problem';
import { requestMeta } from '@/lib/http/request-meta';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { authenticationOf } from './authentication-methods';
import { custosOf, type CustosClientFacts } from './client-metadata';
import { nodeRequestFor } from './node-bridge';
import { errorPage } from './plain-pages';
import { getProvider, mountPath, publicOrigin } from './provider';

type UserActor = Extract<Actor, { type: 'user' }>;

/** Where a person answers a third-party client's consent question (a console page). */
export function consentPath(uid: string): string {
  return `/consent/${encodeURIComponent(uid)}`;
}

export function interactionPath(uid: string): string {
  return `${mountPath()}/interaction/${uid}`;
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
}

function htmlError(status: number, error: string, description: string): Response {
  return new Response(errorPage({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

const EXPIRED = () =>
  htmlError(400, 'invalid_request', 'This sign-in request has expired or was already used. Start again from the application.');

type Loaded = {
  provider: Provider;
  interaction: Awaited<ReturnType<Provider['interactionDetails']>>;
  client: CustosClientFacts & { clientId: string; clientName: string };
  req: Awaited<ReturnType<typeof nodeRequestFor>>['req'];
  res: Awaited<ReturnType<typeof nodeRequestFor>>['res'];
};

/** The interaction this browser is in (its interaction cookie must match the uid), or null when it expired. */
async function loadInteraction(request: Request, uid: string): Promise<Loaded | null> {
  const provider = await getProvider();
  const { req, res } = await nodeRequestFor(request, { publicOrigin: publicOrigin(), mountPath: mountPath() });
  let interaction: Loaded['interaction'];
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch {
    return null;
  }
  if (interaction.uid !== uid) return null;
  const clientId = typeof interaction.params.client_id === 'string' ? interaction.params.client_id : '';
  const found = await provider.Client.find(clientId);
  const facts = custosOf(found);
  if (!found || !facts) return null;
  return { provider, interaction, client: { ...facts, clientId, clientName: found.clientName ?? clientId }, req, res };
}

/**
 * The provider's browser session belongs to someone else than the Custos session now (signed out and in as another
 * person): end it here, so the person now signed in starts a fresh one. Left to oidc-provider, the switch goes through
 * an auto-submitting form POST to its sign-out endpoint, which the console's CSP (no inline scripts, `form-action
 * 'self'` over the redirect chain) would stop in the browser.
 */
async function forgetProviderSession(loaded: Loaded): Promise<void> {
  const uid = loaded.interaction.session?.uid;
  if (uid) {
    const session = await loaded.provider.Session.findByUid(uid);
    if (session) await session.destroy();
  }
  loaded.interaction.session = undefined;
  await loaded.interaction.save(Math.max(1, loaded.interaction.exp - Math.floor(Date.now() / 1000)));
}

async function finish(loaded: Loaded, result: InteractionResults, merge: boolean): Promise<string> {
  return loaded.provider.interactionResult(loaded.req, loaded.res, result, { mergeWithLastSubmission: merge });
}

/**
 * GET /oidc/interaction/{uid}: Custos's session signs the person in.
 * - signed out → the sign-in page, coming back here (the sign-in page also walks through the second factor);
 * - the console's gates for the client's tenant: enrolment a tenant requires, an expired password → the page that
 *   resolves it, then back here; not a member, suspended member or tenant, company sign-in required → access_denied
 *   with a plain description for the application;
 * - login prompt → finished with the person's id, amr and acr (audited `oidc.signed_in` on the tenant's trail);
 * - consent prompt (third-party clients only) → the consent page.
 */
export async function handleInteraction(request: Request, uid: string): Promise<Response> {
  const loaded = await loadInteraction(request, uid);
  if (!loaded) return EXPIRED();
  const here = interactionPath(uid);
  const actor = await resolveSessionActor(request);
  if (!actor || actor.type !== 'user') return redirect(`/sign-in?next=${encodeURIComponent(here)}`);

  const gate = await enterTenant(request, actor, loaded.client, loaded.interaction.prompt.name === 'login');
  if (gate.kind === 'redirect') return redirect(gate.location);
  if (gate.kind === 'refused') {
    return redirect(await finish(loaded, { error: 'access_denied', error_description: gate.description }, false));
  }

  const sessionAccount = loaded.interaction.session?.accountId;
  if (loaded.interaction.prompt.name === 'login' || sessionAccount !== actor.id) {
    if (sessionAccount && sessionAccount !== actor.id) await forgetProviderSession(loaded);
    const { amr, acr } = authenticationOf(actor);
    const ts = actor.sessionStartedAt ? Math.floor(actor.sessionStartedAt.getTime() / 1000) : undefined;
    const location = await finish(loaded, { login: { accountId: actor.id, amr, acr, remember: true, ...(ts ? { ts } : {}) } }, false);
    return redirect(location);
  }
  if (loaded.interaction.prompt.name === 'consent') return redirect(consentPath(uid));
  return htmlError(400, 'invalid_request', `Custos cannot answer the "${loaded.interaction.prompt.name}" step of this sign-in.`);
}

type Gate = { kind: 'entered' } | { kind: 'redirect'; location: string } | { kind: 'refused'; description: string };

/**
 * The console's gates before a member may use the tenant (lib/tenancy/tenant-context.ts), applied for the client's
 * tenant. `auditSignIn`: record `oidc.signed_in` inside the same transaction when the person passes.
 */
async function enterTenant(request: Request, actor: UserActor, client: Loaded['client'], auditSignIn: boolean): Promise<Gate> {
  const here = new URL(request.url).pathname;
  try {
    await withTenantContext(actor, client.tenantSlug, requestMeta(request), async (ctx) => {
      if (!auditSignIn) return;
      await recordAudit(ctx, {
        action: 'oidc.signed_in',
        targetType: 'system',
        targetId: client.systemId,
        after: { clientId: client.clientId, clientName: client.clientName },
      });
    });
    return { kind: 'entered' };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    switch (error.code) {
      case 'not_found':
        return { kind: 'refused', description: 'The person is not a member of the tenant this application belongs to.' };
      case 'mfa_enrolment_required':
        return { kind: 'redirect', location: enrolPath(here) };
      case 'password_expired':
        return { kind: 'redirect', location: passwordExpiredPath(here) };
      case 'unauthenticated':
        return { kind: 'redirect', location: `/sign-in?next=${encodeURIComponent(here)}&reason=idle` };
      case 'tenant_suspended':
      case 'member_suspended':
      case 'sso_required':
        return { kind: 'refused', description: error.message };
      default:
        return { kind: 'refused', description: 'The person may not use this tenant now.' };
    }
  }
}

/** What the consent page shows: the client, its system and tenant, and the scopes asked, or null (expired / not theirs). */
export type ConsentQuestion = {
  uid: string;
  clientName: string;
  systemName: string;
  tenantSlug: string;
  scopes: string[];
};

/**
 * The consent question for the signed-in person (the page has no interaction cookie: it lives under /oidc): the
 * interaction must still wait for consent, and its provider session must be this person's.
 */
export async function loadConsentQuestion(uid: string, userId: string): Promise<ConsentQuestion | null> {
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.prompt.name !== 'consent' || interaction.session?.accountId !== userId) return null;
  const clientId = typeof interaction.params.client_id === 'string' ? interaction.params.client_id : '';
  const client = await provider.Client.find(clientId);
  const facts = custosOf(client);
  if (!client || !facts) return null;
  const scope = typeof interaction.params.scope === 'string' ? interaction.params.scope : '';
  return {
    uid,
    clientName: client.clientName ?? clientId,
    systemName: facts.systemName,
    tenantSlug: facts.tenantSlug,
    scopes: scope.split(' ').filter(Boolean),
  };
}

/**
 * For the sign-in page: which application a pending sign-in (`next=/oidc/interaction/{uid}`) is for, so the page can
 * say where the person continues to. Null when `next` is not an interaction, or it has expired or its client no
 * longer resolves (the page then reads as usual). Names only: nothing here is secret, and the uid is unguessable.
 */
export async function applicationOfPendingSignIn(
  next: string | null | undefined,
): Promise<{ clientName: string; systemName: string } | null> {
  const uid = next ? /^\/oidc\/interaction\/([\w-]{1,64})$/.exec(next)?.[1] : undefined;
  if (!uid) return null;
  try {
    const provider = await getProvider();
    const interaction = await provider.Interaction.find(uid);
    const clientId = typeof interaction?.params.client_id === 'string' ? interaction.params.client_id : null;
    if (!clientId) return null;
    const client = await provider.Client.find(clientId);
    const facts = custosOf(client);
    if (!client || !facts) return null;
    return { clientName: client.clientName ?? clientId, systemName: facts.systemName };
  } catch (error) {
    // A courtesy line: the sign-in form must show even when this cannot be read (e.g. the database is unreachable).
    logger.warn({ err: error }, 'could not read the application of a pending OpenID sign-in');
    return null;
  }
}

/**
 * POST /oidc/interaction/{uid}/decision `{"allow": true|false}` from the consent page (fetch, same origin only: the
 * session cookie authenticates it). Answers `{location}`, where the page then sends the browser: the decision
 * cannot be a form POST, whose redirects ending at the application's address `form-action 'self'` would block.
 */
export async function handleConsentDecision(request: Request, uid: string): Promise<Response> {
  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  const { requestId } = requestMeta(request);
  const origin = request.headers.get('origin');
  if (origin !== publicOrigin())
    return problemResponse(403, 'origin_not_allowed', 'The decision must come from the consent page.', requestId);
  let allow: unknown;
  try {
    allow = ((await request.clone().json()) as { allow?: unknown }).allow;
  } catch {
    allow = undefined;
  }
  if (typeof allow !== 'boolean') {
    return problemResponse(400, 'validation_failed', 'allow must be true or false.', requestId, {
      errors: [{ path: 'allow', message: 'Must be true or false.' }],
    });
  }
  const loaded = await loadInteraction(request, uid);
  const actor = await resolveSessionActor(request);
  if (!loaded || !actor || actor.type !== 'user' || loaded.interaction.prompt.name !== 'consent') {
    return problemResponse(410, 'link_expired', 'This sign-in request has expired. Start again from the application.', requestId);
  }
  if (loaded.interaction.session?.accountId !== actor.id) {
    return problemResponse(409, 'conflict', 'You are signed in as someone else now. Start again from the application.', requestId);
  }
  if (!allow) {
    const location = await finish(loaded, { error: 'access_denied', error_description: 'The person did not allow access.' }, false);
    return answer(200, { location });
  }
  const { provider, interaction, client } = loaded;
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const existingId = interaction.grantId;
  const grant =
    (existingId ? await provider.Grant.find(existingId) : undefined) ??
    new provider.Grant({ accountId: actor.id, clientId: client.clientId });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  const gate = await enterTenantForConsent(request, actor, client, details.missingOIDCScope ?? []);
  if (gate.kind !== 'entered') {
    const location = await finish(
      loaded,
      { error: 'access_denied', error_description: gate.kind === 'refused' ? gate.description : 'Sign in again.' },
      false,
    );
    return answer(200, { location });
  }
  const location = await finish(loaded, { consent: { grantId } }, true);
  return answer(200, { location });
}

async function enterTenantForConsent(request: Request, actor: UserActor, client: Loaded['client'], scopes: string[]): Promise<Gate> {
  try {
    await withTenantContext(actor, client.tenantSlug, requestMeta(request), (ctx) =>
      recordAudit(ctx, {
        action: 'oidc.consent_granted',
        targetType: 'system',
        targetId: client.systemId,
        after: { clientId: client.clientId, clientName: client.clientName, scopes },
      }),
    );
    return { kind: 'entered' };
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'refused', description: error.message };
    throw error;
  }
}
