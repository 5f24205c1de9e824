import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as acsRoute } from '@/app/sso/[tenant]/[connection]/saml/acs/route';
import { GET as metadataRoute } from '@/app/sso/[tenant]/[connection]/saml/metadata/route';
import { GET as startRoute } from '@/app/sso/[tenant]/[connection]/start/route';
import { getDb } from '@/db/client';
import { auditEvents, samlAssertionIds, sessions, ssoConnections, ssoIdentities, users } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { prepareSamlConnection } from '@/lib/sso/saml/prepare-connection';
import { samlServiceProviderUrls } from '@/lib/sso/saml/service-provider';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import {
  AC_MFA_REFEDS,
  NAMEID_PERSISTENT,
  readAuthnRequest,
  startSamlIdp,
  type ResponseOptions,
  type SamlTestUser,
  type TestSamlIdp,
} from '../support/saml-idp';

/**
 * The SAML service provider against a real test IdP (tests/support/saml-idp.ts: its metadata written by samlify,
 * its assertions signed with xml-crypto under an RSA key made by openssl for this run). Each sign-in goes through the
 * public routes: start (the AuthnRequest and its sealed cookie), the IdP, the ACS (node-saml's checks, the replay
 * guard, then finishSsoSignIn).
 */

let idp: TestSamlIdp;
let stranger: TestSamlIdp;
let acme: TestTenant;
let other: TestTenant;
let connectionId: string;
let sp: { entityId: string; acsUrl: string; metadataUrl: string };

async function addSamlConnection(tenant: TestTenant, metadataXml: string, groupsAttribute?: string): Promise<string> {
  const { config } = await prepareSamlConnection({ metadataXml, groupsAttribute }, { allowHttp: true });
  const [row] = await withTenant(tenant.id, (tx) =>
    tx
      .insert(ssoConnections)
      .values({ tenantId: tenant.id, type: 'saml', name: `Test IdP ${unique()}`, config, defaultRoleIds: [tenant.roleIds.viewer] })
      .returning({ id: ssoConnections.id }),
  );
  return row.id;
}

beforeAll(async () => {
  idp = await startSamlIdp();
  stranger = await startSamlIdp();
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  connectionId = await addSamlConnection(acme, idp.metadataXml);
  sp = samlServiceProviderUrls(acme.slug, connectionId);
}, 120_000);

afterAll(async () => {
  setClock();
  await idp.close();
  await stranger.close();
});

const params = (tenant = acme.slug, connection = connectionId) => ({ params: Promise.resolve({ tenant, connection }) });

/** A started sign-in: the AuthnRequest the browser was sent to the IdP with, and the cookie it was given. */
async function start(returnTo?: string): Promise<{ cookie: string; requestId: string; relayState: string | null; location: URL }> {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  const response = await startRoute(new Request(`http://localhost:3000/sso/${acme.slug}/${connectionId}/start${query}`), params());
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(idp.ssoUrl);
  const setCookie = response.headers.get('set-cookie')!;
  expect(setCookie).toContain('HttpOnly');
  expect(setCookie).toContain(`Path=/sso/${acme.slug}/${connectionId}/saml/`);
  const request = readAuthnRequest(location.searchParams.get('SAMLRequest')!);
  expect(request.acsUrl).toBe(sp.acsUrl);
  expect(request.issuer).toBe(sp.entityId);
  return { cookie: setCookie.split(';')[0], requestId: request.id, relayState: location.searchParams.get('RelayState'), location };
}

async function post(form: Record<string, string>, cookie?: string, contentType = 'application/x-www-form-urlencoded', tenant = acme.slug) {
  const response = await acsRoute(
    new Request(`http://localhost:3000/sso/${tenant}/${connectionId}/saml/acs`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        // The IdP's page posts it: a cross-site POST, as in real life.
        origin: idp.baseUrl,
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(form).toString(),
    }),
    params(tenant),
  );
  return { status: response.status, location: response.headers.get('location') ?? '', setCookie: response.headers.getSetCookie() };
}

const newUser = (overrides: Partial<SamlTestUser> = {}): SamlTestUser => {
  const email = `saml-${unique()}@example.test`;
  return { nameId: email, email, name: 'Sam L. Person', ...overrides };
};

function response(started: { requestId: string }, user: SamlTestUser, options: Partial<ResponseOptions> = {}): string {
  return idp.buildResponse({ user, acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: started.requestId, ...options });
}

async function failures(): Promise<string[]> {
  const rows = await withTenant(acme.id, (tx) =>
    tx
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, acme.id), eq(auditEvents.action, 'sso.sign_in_failed')))
      .orderBy(desc(auditEvents.seq)),
  );
  return rows.map((r) => String((r.after as { reason?: string } | null)?.reason));
}

async function lastFailure(): Promise<{ reason: string; text: string }> {
  const [row] = await withTenant(acme.id, (tx) =>
    tx
      .select({ after: auditEvents.after, targetId: auditEvents.targetId })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, acme.id), eq(auditEvents.action, 'sso.sign_in_failed')))
      .orderBy(desc(auditEvents.seq))
      .limit(1),
  );
  expect(row.targetId).toBe(connectionId);
  return { reason: String((row.after as { reason?: string }).reason), text: JSON.stringify(row.after) };
}

async function userByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email));
  return row ?? null;
}

async function expectRefused(result: { status: number; location: string }, page: string, reason: string, user?: SamlTestUser) {
  expect(result.status).toBe(303);
  expect(result.location).toContain(`/sso/refused?reason=${page}`);
  const failure = await lastFailure();
  expect(failure.reason).toBe(reason);
  if (user) {
    // Nothing of the assertion on the trail, and nobody made.
    expect(failure.text).not.toContain(user.email!);
    expect(await userByEmail(user.email!)).toBeNull();
  }
}

describe('IdP metadata', () => {
  it('reads entity id, HTTP-Redirect sign-in URL and signing certificate from samlify-written metadata', async () => {
    const { config, secretCiphertext } = await prepareSamlConnection(
      { metadataXml: idp.metadataXml, groupsAttribute: ' memberOf ' },
      { allowHttp: true },
    );
    expect(secretCiphertext).toBeNull();
    expect(config.idpEntityId).toBe(idp.entityId);
    expect(config.idpSsoUrl).toBe(idp.ssoUrl);
    expect(config.idpSsoBinding).toBe('HTTP-Redirect');
    expect(config.groupsAttribute).toBe('memberOf');
    const certBody = idp.certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    expect(config.idpCertificates).toEqual([certBody]);
  });

  async function refusal(input: Parameters<typeof prepareSamlConnection>[0], allowHttp = true) {
    try {
      await prepareSamlConnection(input, { allowHttp });
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.status).toBe(400);
      return e.errors![0];
    }
    throw new Error('expected a refusal');
  }

  it('refuses metadata without a signing certificate, naming metadataXml', async () => {
    const noCert = idp.metadataXml.replace(/<KeyDescriptor[\s\S]*?<\/KeyDescriptor>/g, '');
    expect(noCert).not.toContain('X509Certificate');
    const error = await refusal({ metadataXml: noCert });
    expect(error.path).toBe('metadataXml');
    expect(error.message).toMatch(/no signing certificate/);
  });

  it('refuses XML that is not IdP metadata, and text that is not XML', async () => {
    const spMetadata = await metadataRoute(new Request(sp.metadataUrl), params()).then((r) => r.text());
    expect((await refusal({ metadataXml: spMetadata })).message).toMatch(/no identity provider/);
    expect((await refusal({ metadataXml: '<html><body>Sign in</body></html>' })).message).toMatch(/not SAML metadata/);
    expect((await refusal({ metadataXml: 'entityID=https://idp' })).message).toMatch(/not well-formed XML/);
    expect((await refusal({ metadataXml: '<!DOCTYPE x [<!ENTITY a "b">]><x/>' })).message).toMatch(/document type/);
    expect((await refusal({})).path).toBe('metadataXml');
  });

  it('refuses an IdP that signs in only by HTTP-POST, and a certificate that is not one', async () => {
    const postOnly = idp.metadataXml.replace(/<SingleSignOnService Binding="[^"]*HTTP-Redirect"[^>]*?(\/>|><\/SingleSignOnService>)/, '');
    expect(postOnly).not.toMatch(/SingleSignOnService Binding="[^"]*HTTP-Redirect/);
    expect((await refusal({ metadataXml: postOnly })).message).toMatch(/only by HTTP-POST/);
    const badCert = idp.metadataXml.replace(/<ds:X509Certificate>[^<]+</, '<ds:X509Certificate>bm90IGEgY2VydGlmaWNhdGU=<');
    expect((await refusal({ metadataXml: badCert })).message).toMatch(/not a readable X.509/);
  });

  it('reads metadata from its URL; http:// only with SSO_ALLOW_HTTP, naming metadataUrl', async () => {
    const { config } = await prepareSamlConnection({ metadataUrl: idp.metadataUrl }, { allowHttp: true });
    expect(config.idpEntityId).toBe(idp.entityId);
    expect(config.metadataUrl).toBe(idp.metadataUrl);
    const refused = await refusal({ metadataUrl: idp.metadataUrl }, false);
    expect(refused.path).toBe('metadataUrl');
    expect(refused.message).toMatch(/https:\/\//);
    // The test environment leaves SSO_ALLOW_HTTP unset: the default refuses http too.
    const previous = process.env.SSO_ALLOW_HTTP;
    delete process.env.SSO_ALLOW_HTTP;
    resetEnv();
    try {
      await expect(prepareSamlConnection({ metadataUrl: idp.metadataUrl })).rejects.toMatchObject({ status: 400 });
    } finally {
      if (previous !== undefined) process.env.SSO_ALLOW_HTTP = previous;
      resetEnv();
    }
    expect((await refusal({ metadataUrl: `${idp.baseUrl}/nothing-here` })).message).toMatch(/answered 404/);
    expect((await refusal({ metadataUrl: 'ftp://idp.example/metadata' })).path).toBe('metadataUrl');
    expect((await refusal({ metadataUrl: idp.metadataUrl, metadataXml: idp.metadataXml })).path).toBe('metadataUrl');
  });
});

describe('SP metadata', () => {
  it('serves the SP entity id, the ACS (HTTP-POST) and that assertions must be signed', async () => {
    const res = await metadataRoute(new Request(sp.metadataUrl), params());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await res.text();
    expect(xml).toContain(`entityID="${sp.entityId}"`);
    expect(xml).toContain(`Location="${sp.acsUrl}"`);
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect(sp.entityId).toMatch(new RegExp(`/sso/${acme.slug}/${connectionId}/saml/metadata$`));
  });

  it('is 404 under another tenant, for an unknown connection and for a non-uuid', async () => {
    expect((await metadataRoute(new Request(sp.metadataUrl), params(other.slug))).status).toBe(404);
    expect((await metadataRoute(new Request(sp.metadataUrl), params(acme.slug, crypto.randomUUID()))).status).toBe(404);
    expect((await metadataRoute(new Request(sp.metadataUrl), params(acme.slug, 'not-a-uuid'))).status).toBe(404);
  });
});

describe('ACS', () => {
  it('accepts an IdP-signed response posted cross-site: the person lands on the return path, signed in by SSO', async () => {
    const started = await start(`/t/${acme.slug}/members?x=1`);
    expect(started.relayState).toBe(`/t/${acme.slug}/members?x=1`);
    const user = newUser({ groups: ['QA'] });
    const result = await post({ SAMLResponse: response(started, user), RelayState: started.relayState! }, started.cookie);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/t/${acme.slug}/members?x=1`);
    expect(result.setCookie.some((c) => c.startsWith('authjs.session-token='))).toBe(true);
    // The sign-in's own cookie is cleared.
    expect(result.setCookie.some((c) => c.startsWith(`custos-saml-${connectionId}=;`) && c.includes('Max-Age=0'))).toBe(true);

    const person = await userByEmail(user.email!);
    expect(person?.name).toBe('Sam L. Person');
    const db = await getDb();
    const [identity] = await db
      .select()
      .from(ssoIdentities)
      .where(and(eq(ssoIdentities.connectionId, connectionId), eq(ssoIdentities.subject, user.nameId)));
    expect(identity.userId).toBe(person.id);
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, person.id));
    expect(session.authMethod).toBe('sso');
    expect(session.ssoConnectionId).toBe(connectionId);
    // A password at the IdP is no second factor.
    expect(session.mfaVerifiedAt).toBeNull();
    const [remembered] = await withTenant(acme.id, (tx) =>
      tx.select().from(samlAssertionIds).where(eq(samlAssertionIds.connectionId, connectionId)),
    );
    expect(remembered.tenantId).toBe(acme.id);
  });

  it('refuses the same response a second time (replay), even with the cookie of its sign-in', async () => {
    const started = await start();
    const user = newUser();
    const samlResponse = response(started, user);
    const first = await post({ SAMLResponse: samlResponse }, started.cookie);
    expect(first.location).toBe(`/t/${acme.slug}`);
    const before = (await failures()).length;
    const again = await post({ SAMLResponse: samlResponse }, started.cookie);
    await expectRefused(again, 'invalid_response', 'replayed');
    expect((await failures()).length).toBe(before + 1);
    // A new sign-in of the attacker's own does not help either: the response answers another request.
    const fresh = await start();
    await expectRefused(await post({ SAMLResponse: samlResponse }, fresh.cookie), 'invalid_response', 'not_in_response_to_request');
  });

  it('refuses an assertion changed after signing (another email)', async () => {
    const started = await start();
    const user = newUser();
    const forged = `victim-${unique()}@example.test`;
    const samlResponse = response(started, user, { afterSigning: (xml) => xml.replaceAll(user.email!, forged) });
    const decoded = Buffer.from(samlResponse, 'base64').toString('utf8');
    expect(decoded).toContain(forged);
    await expectRefused(await post({ SAMLResponse: samlResponse }, started.cookie), 'invalid_response', 'invalid_signature', user);
    expect(await userByEmail(forged)).toBeNull();
  });

  it('refuses an unsigned assertion, and one where only the outer Response is signed', async () => {
    const user = newUser();
    let started = await start();
    await expectRefused(
      await post({ SAMLResponse: response(started, user, { sign: 'none' }) }, started.cookie),
      'invalid_response',
      'invalid_signature',
      user,
    );
    started = await start();
    await expectRefused(
      await post({ SAMLResponse: response(started, user, { sign: 'response-only' }) }, started.cookie),
      'invalid_response',
      'invalid_signature',
      user,
    );
  });

  it("refuses an assertion signed by another IdP's key, and one naming another issuer", async () => {
    const user = newUser();
    let started = await start();
    const foreign = stranger.buildResponse({
      user,
      acsUrl: sp.acsUrl,
      audience: sp.entityId,
      inResponseTo: started.requestId,
      issuer: idp.entityId,
    });
    await expectRefused(await post({ SAMLResponse: foreign }, started.cookie), 'invalid_response', 'invalid_signature', user);
    started = await start();
    await expectRefused(
      await post({ SAMLResponse: response(started, user, { issuer: 'https://evil.example/idp' }) }, started.cookie),
      'invalid_response',
      'wrong_issuer',
      user,
    );
  });

  it('bounds clock skew at one minute: expired 30 s ago is accepted, 2 minutes ago refused', async () => {
    const user = newUser();
    let started = await start();
    const past = (ms: number) => ({ issuedAt: new Date(Date.now() - 5 * 60_000 - ms), validForMs: 5 * 60_000 });
    await expectRefused(
      await post({ SAMLResponse: response(started, user, past(120_000)) }, started.cookie),
      'invalid_response',
      'assertion_expired',
      user,
    );
    started = await start();
    const late = await post({ SAMLResponse: response(started, user, past(30_000)) }, started.cookie);
    expect(late.location).toBe(`/t/${acme.slug}`);
  });

  it('refuses an assertion for another audience', async () => {
    const user = newUser();
    const started = await start();
    const otherSp = samlServiceProviderUrls(other.slug, connectionId).entityId;
    await expectRefused(
      await post({ SAMLResponse: response(started, user, { audience: otherSp }) }, started.cookie),
      'invalid_response',
      'wrong_audience',
      user,
    );
  });

  it('refuses a response without a started sign-in, after ten minutes, or answering another request', async () => {
    const user = newUser();
    await expectRefused(await post({ SAMLResponse: response({ requestId: '_unasked' }, user) }), 'expired', 'no_sign_in_started', user);
    let started = await start();
    await expectRefused(
      await post({ SAMLResponse: response({ requestId: '_someone-elses' }, user) }, started.cookie),
      'invalid_response',
      'not_in_response_to_request',
      user,
    );
    started = await start();
    // IdP-initiated (no InResponseTo) is not accepted either.
    await expectRefused(
      await post({ SAMLResponse: response(started, user, { inResponseTo: null }) }, started.cookie),
      'invalid_response',
      'not_in_response_to_request',
      user,
    );
    started = await start();
    setClock({ advanceMs: 11 * 60_000 });
    try {
      await expectRefused(await post({ SAMLResponse: response(started, user) }, started.cookie), 'expired', 'sign_in_expired', user);
    } finally {
      setClock();
    }
  });

  it('an IdP second factor (REFEDS MFA AuthnContext, Entra multipleauthn) marks the session as MFA-verified', async () => {
    const db = await getDb();
    for (const user of [
      newUser({ authnContext: AC_MFA_REFEDS }),
      newUser({
        attributes: {
          'http://schemas.microsoft.com/claims/authnmethodsreferences': [
            'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password',
            'http://schemas.microsoft.com/claims/multipleauthn',
          ],
        },
      }),
    ]) {
      const started = await start();
      expect((await post({ SAMLResponse: response(started, user) }, started.cookie)).location).toBe(`/t/${acme.slug}`);
      const person = await userByEmail(user.email!);
      const [session] = await db.select().from(sessions).where(eq(sessions.userId, person.id));
      expect(session.mfaVerifiedAt).not.toBeNull();
    }
  });

  it("reads Entra ID's claim URIs: a persistent NameID, email and name claims", async () => {
    const email = `entra-${unique()}@example.test`;
    const user: SamlTestUser = {
      nameId: `AAAAAAAAAAAAAAAAAAAAA${unique()}`,
      nameIdFormat: NAMEID_PERSISTENT,
      attributes: {
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': email.toUpperCase(),
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Erin',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Tra',
      },
    };
    const started = await start();
    expect((await post({ SAMLResponse: response(started, user) }, started.cookie)).location).toBe(`/t/${acme.slug}`);
    const person = await userByEmail(email);
    expect(person?.name).toBe('Erin Tra');
    const db = await getDb();
    const [identity] = await db.select().from(ssoIdentities).where(eq(ssoIdentities.subject, user.nameId));
    expect(identity.userId).toBe(person.id);
  });

  it('refuses a transient NameID and an answer without an email, on the refusal page', async () => {
    let started = await start();
    const transient = newUser({ nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' });
    await expectRefused(
      await post({ SAMLResponse: response(started, transient) }, started.cookie),
      'invalid_response',
      'subject_transient',
      transient,
    );
    started = await start();
    const noEmail: SamlTestUser = { nameId: `opaque-${unique()}`, nameIdFormat: NAMEID_PERSISTENT };
    await expectRefused(await post({ SAMLResponse: response(started, noEmail) }, started.cookie), 'email_missing', 'email_missing');
  });

  it('bad input is a refusal page, never a 500, and writes nothing but the failure', async () => {
    const started = await start();
    const count = async () => (await withTenant(acme.id, (tx) => tx.select().from(samlAssertionIds))).length;
    const before = await count();
    await expectRefused(await post({}, started.cookie), 'invalid_response', 'malformed_request');
    await expectRefused(await post({ SAMLResponse: '<not base64>' }, started.cookie), 'invalid_response', 'malformed_request');
    await expectRefused(
      await post({ SAMLResponse: Buffer.from('<x/>').toString('base64') }, started.cookie),
      'invalid_response',
      // Not a Response at all: it answers no request.
      'not_in_response_to_request',
    );
    await expectRefused(await post({ SAMLResponse: 'AAAA' }, started.cookie, 'application/json'), 'invalid_response', 'malformed_request');
    await expectRefused(
      await post({ SAMLResponse: response(started, newUser()) }, 'custos-saml-x=tampered'),
      'expired',
      'no_sign_in_started',
    );
    expect(await count()).toBe(before);
  });

  it("another tenant's slug with this connection is the unavailable page, and nothing is audited there", async () => {
    const started = await start();
    const user = newUser();
    const result = await post({ SAMLResponse: response(started, user) }, started.cookie, undefined, other.slug);
    expect(result.status).toBe(303);
    expect(result.location).toContain('/sso/refused?reason=connection_unavailable');
    expect(await userByEmail(user.email!)).toBeNull();
  });

  it('a response signed for this connection is no good at another tenant\u2019s SAML connection to the same IdP', async () => {
    const otherConnection = await addSamlConnection(other, idp.metadataXml);
    const otherSp = samlServiceProviderUrls(other.slug, otherConnection);
    const res = await startRoute(
      new Request(`http://localhost:3000/sso/${other.slug}/${otherConnection}/start`),
      params(other.slug, otherConnection),
    );
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const request = readAuthnRequest(new URL(res.headers.get('location')!).searchParams.get('SAMLRequest')!);
    const user = newUser();
    // Made for acme's SP (its audience), delivered to the other tenant's ACS with a valid sign-in of its own.
    const forAcme = idp.buildResponse({ user, acsUrl: otherSp.acsUrl, audience: sp.entityId, inResponseTo: request.id });
    const result = await acsRoute(
      new Request(otherSp.acsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ SAMLResponse: forAcme }).toString(),
      }),
      params(other.slug, otherConnection),
    );
    expect(result.headers.get('location')).toContain('/sso/refused?reason=invalid_response');
    expect(await userByEmail(user.email!)).toBeNull();
  });
});
