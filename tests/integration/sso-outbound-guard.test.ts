import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { resetEnv } from '@/lib/platform/env';
import { createGuardedFetch, ssoFetch, ssoPrivateAddressesAllowed } from '@/lib/sso/guarded-fetch';
import { clearDiscoveryCache } from '@/lib/sso/oidc/discovery';
import { prepareOidcConnection } from '@/lib/sso/oidc/prepare-connection';
import { fetchMetadata } from '@/lib/sso/saml/fetch-metadata';
import { prepareSamlConnection } from '@/lib/sso/saml/prepare-connection';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-idp';
import { startSamlIdp, type TestSamlIdp } from '../support/saml-idp';
import { unique } from '../support/fixtures';

// SSRF on the SSO fetches (issue 18's leftover, issue 20): in production Custos refuses to read an identity provider's
// discovery document or metadata from a loopback, private or link-local address, as it refuses such webhook
// endpoints. The providers here listen on 127.0.0.1, so the production rule (allowPrivate: false) refuses them.

let oidc: TestOidcProvider;
let saml: TestSamlIdp;
const clientId = `custos-${unique()}`;
const clientSecret = `secret-${unique()}`;
const saved = { SSO_ALLOW_HTTP: process.env.SSO_ALLOW_HTTP, WEBHOOKS_ALLOW_PRIVATE: process.env.WEBHOOKS_ALLOW_PRIVATE };

function setEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
}

beforeAll(async () => {
  setEnv({ SSO_ALLOW_HTTP: '1' });
  oidc = await startOidcProvider({ client: { clientId, clientSecret, redirectUris: ['http://127.0.0.1/callback'] } });
  saml = await startSamlIdp();
}, 60_000);

afterAll(async () => {
  await oidc?.close();
  await saml?.close();
  setEnv(saved);
});

async function refusalOf(promise: Promise<unknown>): Promise<{ path: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).status).toBe(400);
  const fieldErrors = (error as DomainError).errors ?? [];
  expect(fieldErrors).toHaveLength(1);
  return fieldErrors[0];
}

describe('SSO fetches refuse private addresses under the production rule', () => {
  it('a SAML metadata URL on loopback, on a name resolving to loopback, or at the cloud metadata address', async () => {
    const direct = await refusalOf(prepareSamlConnection({ metadataUrl: saml.metadataUrl }, { allowHttp: true, allowPrivate: false }));
    expect(direct.path).toBe('metadataUrl');
    expect(direct.message).toMatch(/^The metadata address is refused\. 127\.0\.0\.1 is a private, loopback or link-local address/);
    expect(direct.message).toMatch(/WEBHOOKS_ALLOW_PRIVATE=1/);

    const byName = saml.metadataUrl.replace('127.0.0.1', 'localhost');
    const named = await fetchMetadata(byName, true, { allowPrivate: false });
    expect(named).toEqual({
      problem: expect.stringMatching(/^The metadata address is refused\. localhost resolves to (127\.0\.0\.1|::1) is a private/),
    });

    const metadataService = await fetchMetadata('http://169.254.169.254/latest/meta-data/', true, { allowPrivate: false });
    expect(metadataService).toEqual({ problem: expect.stringMatching(/169\.254\.169\.254 is a private, loopback or link-local address/) });
    const mappedV6 = await fetchMetadata('http://[::ffff:10.0.0.1]/metadata', true, { allowPrivate: false });
    expect(mappedV6).toEqual({ problem: expect.stringMatching(/is refused/) });

    // The same provider is read where private addresses are allowed (tests, SSO_ALLOW_HTTP=1, on-premises sites).
    const { config } = await prepareSamlConnection({ metadataUrl: saml.metadataUrl }, { allowHttp: true, allowPrivate: true });
    expect(config.idpEntityId).toBe(saml.entityId);
  });

  it('an OIDC issuer on loopback, naming issuer; allowed where private addresses are', async () => {
    clearDiscoveryCache();
    const refused = await refusalOf(prepareOidcConnection({ issuer: oidc.issuer, clientId, clientSecret }, { allowPrivate: false }));
    expect(refused.path).toBe('issuer');
    expect(refused.message).toMatch(
      /^The identity provider's address is refused\. 127\.0\.0\.1 is a private, loopback or link-local address/,
    );
    const allowed = await prepareOidcConnection({ issuer: oidc.issuer, clientId, clientSecret }, { allowPrivate: true });
    expect(allowed.config.issuer).toBe(oidc.issuer);
  });

  it('private addresses are allowed outside production, or with SSO_ALLOW_HTTP=1 or WEBHOOKS_ALLOW_PRIVATE=1', () => {
    const nodeEnv = process.env.NODE_ENV;
    try {
      setEnv({ NODE_ENV: 'test', SSO_ALLOW_HTTP: undefined, WEBHOOKS_ALLOW_PRIVATE: undefined });
      expect(ssoPrivateAddressesAllowed()).toBe(true);
      expect(ssoFetch()).toBe(globalThis.fetch);
      setEnv({ NODE_ENV: 'production', AUTH_SECRET: process.env.AUTH_SECRET ?? 'x'.repeat(44) });
      expect(ssoPrivateAddressesAllowed()).toBe(false);
      expect(ssoFetch()).not.toBe(globalThis.fetch);
      setEnv({ SSO_ALLOW_HTTP: '1' });
      expect(ssoPrivateAddressesAllowed()).toBe(true);
      setEnv({ SSO_ALLOW_HTTP: undefined, WEBHOOKS_ALLOW_PRIVATE: '1' });
      expect(ssoPrivateAddressesAllowed()).toBe(true);
    } finally {
      setEnv({ NODE_ENV: nodeEnv, SSO_ALLOW_HTTP: '1', WEBHOOKS_ALLOW_PRIVATE: saved.WEBHOOKS_ALLOW_PRIVATE });
    }
  });
});

describe('the guarded fetch itself (with a rule that lets the local providers through)', () => {
  const openFetch = createGuardedFetch(() => null);

  it('reads SAML metadata and runs OpenID discovery like the platform fetch', async () => {
    const res = await openFetch(saml.metadataUrl, { headers: { accept: 'application/samlmetadata+xml' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(saml.entityId);

    const configuration = await client.discovery(new URL(oidc.issuer), clientId, clientSecret, client.ClientSecretBasic(clientSecret), {
      [client.customFetch]: openFetch,
      execute: [client.allowInsecureRequests],
    });
    expect(configuration.serverMetadata().issuer).toBe(oidc.issuer);
    const jwks = await openFetch(configuration.serverMetadata().jwks_uri!);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it('sends a form body and headers, returns error answers and does not follow redirects', async () => {
    const tokenEndpoint = (await (await openFetch(`${oidc.issuer}/.well-known/openid-configuration`)).json()) as {
      token_endpoint: string;
      authorization_endpoint: string;
    };
    const token = await openFetch(tokenEndpoint.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nope', redirect_uri: 'http://127.0.0.1/callback' }),
    });
    expect(token.status).toBe(400);
    expect(((await token.json()) as { error: string }).error).toBe('invalid_grant');

    const authorize = new URL(tokenEndpoint.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1/callback',
    }).toString();
    const redirected = await openFetch(authorize, { redirect: 'manual' });
    expect(redirected.status).toBeGreaterThanOrEqual(300);
    expect(redirected.status).toBeLessThan(400);
    expect(redirected.headers.get('location')).toBeTruthy();
  });

  it('refuses before connecting when the rule names a reason', async () => {
    const closed = createGuardedFetch((address) => `${address} is closed to this test`);
    await expect(closed(saml.metadataUrl)).rejects.toMatchObject({ cause: { reason: '127.0.0.1 is closed to this test' } });
    await expect(closed(saml.metadataUrl.replace('127.0.0.1', 'localhost'))).rejects.toMatchObject({
      cause: { reason: expect.stringMatching(/^localhost resolves to .* is closed to this test$/) },
    });
  });
});
