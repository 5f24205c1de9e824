import { SamlStatusError, type Profile } from '@node-saml/node-saml';
import { and, eq, lt } from 'drizzle-orm';
import { samlAssertionIds } from '@/db/schema';
import { recordTenantAudit } from '@/lib/audit/record';
import { requestMeta } from '@/lib/http/request-meta';
import { now } from '@/lib/platform/clock';
import { logger } from '@/lib/platform/logger';
import { connectionActor, finishSsoSignIn } from '@/lib/sso/finish-sso-sign-in';
import { isSecureRequest, readCookie } from '@/lib/sso/oidc/flow-cookie';
import { safeReturnTo } from '@/lib/sso/policy';
import { ssoRefusalResponse, type SsoRefusalReason } from '@/lib/sso/refusal';
import type { SsoAssertion } from '@/lib/sso/types';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { openSamlFlow, SAML_FLOW_TTL_SECONDS, samlFlowCookieHeader, samlFlowCookieName, samlFlowCookiePath } from './flow-cookie';
import { mapSamlProfile } from './policy';
import { SAML_CLOCK_SKEW_MS, samlServiceProvider, singleRequestCache } from './service-provider';
import type { SamlSignInConnection } from './start-sign-in';

/** A SAMLResponse larger than this is refused unread (real ones are a few KiB; a signed one with groups, tens). */
export const SAML_RESPONSE_MAX_BYTES = 512 * 1024;

/** Why an answer at the ACS was refused: on the tenant's trail (`sso.sign_in_failed`), never the assertion itself. */
export type SamlFailure =
  | 'malformed_request'
  | 'no_sign_in_started'
  | 'sign_in_expired'
  | 'idp_refused'
  | 'invalid_signature'
  | 'assertion_expired'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'not_in_response_to_request'
  | 'invalid_response'
  | 'replayed'
  | 'subject_missing'
  | 'subject_transient'
  | 'email_missing';

const PAGE_REASON: Record<SamlFailure, SsoRefusalReason> = {
  malformed_request: 'invalid_response',
  no_sign_in_started: 'expired',
  sign_in_expired: 'expired',
  idp_refused: 'idp_error',
  invalid_signature: 'invalid_response',
  assertion_expired: 'invalid_response',
  wrong_audience: 'invalid_response',
  wrong_issuer: 'invalid_response',
  not_in_response_to_request: 'invalid_response',
  invalid_response: 'invalid_response',
  replayed: 'invalid_response',
  subject_missing: 'invalid_response',
  subject_transient: 'invalid_response',
  email_missing: 'email_missing',
};

class SamlRefusal extends Error {
  constructor(readonly failure: SamlFailure) {
    super(`SAML answer refused: ${failure}`);
  }
}

/** node-saml's error messages, sorted into the trail's reasons (the message itself is not recorded: it may quote the answer). */
export function classifySamlError(error: unknown): SamlFailure {
  if (error instanceof SamlStatusError) return 'idp_refused';
  const message = error instanceof Error ? error.message : '';
  if (/signature/i.test(message)) return 'invalid_signature';
  // node-saml checks only the times of a SubjectConfirmation: none valid means all have expired (or not yet begun).
  if (/expired|not yet valid|NotBefore|NotOnOrAfter|clock|subject confirmation/i.test(message)) return 'assertion_expired';
  if (/audience/i.test(message)) return 'wrong_audience';
  if (/issuer/i.test(message)) return 'wrong_issuer';
  if (/InResponseTo/i.test(message)) return 'not_in_response_to_request';
  return 'invalid_response';
}

type AssertionFacts = { id: string; expiresAt: Date };

/** The verified assertion's ID and when it stops being valid (its earliest NotOnOrAfter, plus the accepted skew). */
export function assertionFacts(profile: Profile): AssertionFacts | null {
  const parsed = profile.getAssertion?.() as
    | {
        Assertion?: {
          $?: { ID?: string };
          Conditions?: { $?: { NotOnOrAfter?: string } }[];
          Subject?: { SubjectConfirmation?: { SubjectConfirmationData?: { $?: { NotOnOrAfter?: string } }[] }[] }[];
        };
      }
    | undefined;
  const assertion = parsed?.Assertion;
  const id = assertion?.$?.ID;
  if (!id) return null;
  const limits = [
    assertion.Conditions?.[0]?.$?.NotOnOrAfter,
    ...(assertion.Subject?.[0]?.SubjectConfirmation ?? []).map((c) => c.SubjectConfirmationData?.[0]?.$?.NotOnOrAfter),
  ]
    .map((v) => (v ? Date.parse(v) : NaN))
    .filter((v) => Number.isFinite(v));
  // Without any NotOnOrAfter the id is kept for a day: long past any sensible lifetime of an assertion.
  const until = limits.length > 0 ? Math.min(...limits) : now().getTime() + 24 * 3600_000;
  return { id, expiresAt: new Date(until + SAML_CLOCK_SKEW_MS) };
}

/**
 * Remembers an accepted assertion id until it expires (tenant-scoped, under row-level security); false when it was
 * already there: a replay. Expired ids of the tenant are deleted in the same transaction.
 */
export async function rememberAssertion(connection: { id: string; tenant: { id: string } }, facts: AssertionFacts): Promise<boolean> {
  return withTenant(connection.tenant.id, async (tx) => {
    await tx
      .delete(samlAssertionIds)
      .where(and(eq(samlAssertionIds.tenantId, connection.tenant.id), lt(samlAssertionIds.expiresAt, now())));
    const inserted = await tx
      .insert(samlAssertionIds)
      .values({ tenantId: connection.tenant.id, connectionId: connection.id, assertionId: facts.id, expiresAt: facts.expiresAt })
      .onConflictDoNothing()
      .returning({ id: samlAssertionIds.assertionId });
    return inserted.length === 1;
  });
}

async function readForm(request: Request): Promise<{ samlResponse: string; relayState: string | null }> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) throw new SamlRefusal('malformed_request');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > SAML_RESPONSE_MAX_BYTES) throw new SamlRefusal('malformed_request');
  const text = await request.text();
  if (text.length > SAML_RESPONSE_MAX_BYTES) throw new SamlRefusal('malformed_request');
  const form = new URLSearchParams(text);
  const samlResponse = form.get('SAMLResponse')?.trim();
  if (!samlResponse || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) throw new SamlRefusal('malformed_request');
  return { samlResponse, relayState: form.get('RelayState') };
}

async function recordFailure(connection: SamlSignInConnection, request: Request, failure: SamlFailure): Promise<void> {
  try {
    await withTenant(connection.tenant.id, (tx) =>
      recordTenantAudit(tx, connection.tenant.id, connectionActor(connection), requestMeta(request), {
        action: 'sso.sign_in_failed',
        targetType: 'sso_connection',
        targetId: connection.id,
        after: { reason: failure, protocol: 'saml' },
      }),
    );
  } catch (error) {
    logger.warn({ err: { name: (error as Error).name, message: (error as Error).message }, failure }, 'saml refusal not audited');
  }
}

/** The answer with the sign-in's cookie cleared (whatever the outcome: an answer is used once). */
function clearingFlow(response: Response, connection: SamlSignInConnection, request: Request): Response {
  const headers = new Headers(response.headers);
  const secure = isSecureRequest(request);
  headers.append(
    'Set-Cookie',
    samlFlowCookieHeader(samlFlowCookieName(connection.id, secure), '', {
      secure,
      maxAge: 0,
      path: samlFlowCookiePath(connection.tenant.slug, connection.id),
    }),
  );
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The assertion consumer service: the IdP's answer, posted by the person's browser (a cross-site POST by design).
 * Accepted only when: this browser started a sign-in here in the last ten minutes and the answer is InResponseTo it;
 * the assertion is signed by one of the IdP's certificates (an unsigned one, or one changed after signing, is
 * refused), from the IdP's entity id, for this SP as audience, within its validity (one minute of skew); its id has
 * not been accepted before. Then the person is signed in by finishSsoSignIn. Every refusal is a redirect to the
 * refusal page and a `sso.sign_in_failed` event with the reason; never a 500.
 */
export async function consumeSamlResponse(connection: SamlSignInConnection, request: Request): Promise<Response> {
  let assertion: SsoAssertion;
  let returnTo: string | null;
  try {
    const { samlResponse, relayState } = await readForm(request);
    const flow = openSamlFlow(connection.id, readCookie(request, samlFlowCookieName(connection.id, isSecureRequest(request))));
    if (!flow) throw new SamlRefusal('no_sign_in_started');
    if (flow.expiresAt < now().getTime()) throw new SamlRefusal('sign_in_expired');

    let profile: Profile | null;
    try {
      const sp = samlServiceProvider(connection, singleRequestCache(flow.requestId, flow.expiresAt - SAML_FLOW_TTL_SECONDS * 1000));
      ({ profile } = await sp.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (error) {
      throw new SamlRefusal(classifySamlError(error));
    }
    if (!profile) throw new SamlRefusal('invalid_response');
    if (profile.issuer !== connection.config.idpEntityId) throw new SamlRefusal('wrong_issuer');
    if (profile.inResponseTo !== flow.requestId) throw new SamlRefusal('not_in_response_to_request');

    const facts = assertionFacts(profile);
    if (!facts) throw new SamlRefusal('invalid_response');
    const mapped = mapSamlProfile(profile, { groupsAttribute: connection.config.groupsAttribute });
    if (typeof mapped === 'string') throw new SamlRefusal(mapped);
    if (!mapped.email) throw new SamlRefusal('email_missing');
    if (!(await rememberAssertion(connection, facts))) throw new SamlRefusal('replayed');

    assertion = {
      tenantId: connection.tenant.id,
      connectionId: connection.id,
      subject: mapped.subject,
      email: mapped.email,
      // The IdP is the organisation's directory: the address is its own record of the person.
      emailVerified: true,
      ...(mapped.name ? { name: mapped.name } : {}),
      groups: mapped.groups,
      secondFactor: mapped.secondFactor,
    };
    returnTo = flow.returnTo ?? (relayState ? safeReturnTo(relayState, connection.tenant.slug) : null);
  } catch (error) {
    if (!(error instanceof SamlRefusal)) throw error;
    await recordFailure(connection, request, error.failure);
    return clearingFlow(ssoRefusalResponse(PAGE_REASON[error.failure]), connection, request);
  }
  return clearingFlow(await finishSsoSignIn(assertion, request, returnTo), connection, request);
}
