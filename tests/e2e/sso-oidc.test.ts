import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-idp';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, signInPage, watchErrors } from './browser';
import { startServer, type RunningServer } from './server';

// Signing in through a tenant's own OpenID Provider, in Chromium against the production build (SSO_ALLOW_HTTP=1): the
// test provider is panva's oidc-provider on a local port (tests/support/oidc-idp.ts). Acme's admin adds an OIDC
// connection through the API (operator as the default role, the IdP group `line-2` mapped onto a new team); a person
// the tenant has never seen signs in at the provider's own form and lands in Acme's console as a member made just in
// time, with the operator role and on the mapped team. Cancelling at the provider leads to the plain refusal page.
// In a tenant requiring a second factor of everyone, the provider's amr=mfa lets the person in; amr=pwd alone sends
// them to set up a second factor first.
// axe finds no critical or serious problem and nothing scrolls sideways, at 1440 and at 390 px.
let server: RunningServer;
let browser: Browser;
let idp: TestOidcProvider;
let adminContext: BrowserContext;
let admin: Page;
let connectionId: string;
let teamId: string;
const stamp = Date.now().toString(36);
const clientId = `custos-e2e-${stamp}`;
const clientSecret = `e2e-secret-${stamp}-${Math.random().toString(36).slice(2)}`;
const newcomer = {
  sub: `e2e-${stamp}`,
  email: `rosalind.${stamp}@corp-idp.example`,
  name: 'Rosalind Franklin',
  password: `idp-pass-${stamp}`,
  groups: ['line-2', 'not-mapped'],
  amr: ['pwd', 'mfa'],
};
const errors: string[] = [];

beforeAll(async () => {
  idp = await startOidcProvider({
    client: { clientId, clientSecret, redirectUris: ['http://127.0.0.1/placeholder'] },
    accounts: [newcomer],
  });
  server = await startServer({ SSO_ALLOW_HTTP: '1' });
  browser = await launchBrowser();
  adminContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
  admin = await signInPage(adminContext, server.url, 'admin@acme.test', { errors });

  const team = await admin.request.post(`${server.url}/api/v1/tenants/acme/teams`, {
    data: { name: `Line 2 ${stamp}` },
    headers: { origin: server.url },
  });
  expect(team.status(), await team.text()).toBe(201);
  teamId = ((await team.json()) as { id: string }).id;

  const created = await admin.request.post(`${server.url}/api/v1/tenants/acme/sso-connections`, {
    data: {
      type: 'oidc',
      name: `Corp IdP ${stamp}`,
      issuer: idp.issuer,
      clientId,
      clientSecret,
      scopes: ['groups'],
      defaultRoles: ['operator'],
      groupTeamMappings: [{ group: 'line-2', teamId }],
    },
    headers: { origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connection = (await created.json()) as { id: string; redirectUri?: string; hasClientSecret?: boolean };
  connectionId = connection.id;
  expect(JSON.stringify(connection)).not.toContain(clientSecret);
  expect(connection.redirectUri).toBe(`${server.url}/sso/acme/${connectionId}/oidc/callback`);
  // The redirect URI an administrator registers at the provider.
  await idp.setRedirectUris([connection.redirectUri!]);
}, 180_000);

afterAll(async () => {
  await adminContext?.close();
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

describe('a newcomer signs in through the tenant’s OpenID Provider', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`at ${viewport.width} px: provider sign-in, back in the console as a member made just in time`, async () => {
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      watchErrors(page, errors, 'newcomer: ');
      try {
        await page.goto(`${server.url}/sso/acme/${connectionId}/start?login_hint=${encodeURIComponent(newcomer.email)}`);
        await page.waitForURL((url) => url.origin === idp.issuer);
        // The provider's own form, with the email the sign-in page passed on.
        await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(newcomer.email);
        await page.screenshot({ path: artifactPath(`sso-oidc-provider-${viewport.width}.png`) });
        await page.getByLabel('Password').fill(newcomer.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/t/acme'));
        await page.getByRole('navigation').first().waitFor();
        await checkPage(page, 'console after SSO sign-in', { sizes: [viewport] });
        await page.screenshot({ path: artifactPath(`sso-oidc-signed-in-${viewport.width}.png`) });
        // Who the console says is signed in: the newcomer, through the API with the same session.
        const me = await page.request.get(`${server.url}/api/v1/me`);
        expect(me.status()).toBe(200);
        expect(JSON.stringify(await me.json())).toContain(newcomer.email);
      } finally {
        await context.close();
      }
    });
  }

  it('the member has the connection’s default role and the mapped team, and the trail says how they came in', async () => {
    const res = await admin.request.get(`${server.url}/api/v1/tenants/acme/members?q=${encodeURIComponent(newcomer.email)}`);
    expect(res.status()).toBe(200);
    const [member] = (
      (await res.json()) as {
        data: Array<{
          user: { email: string; name: string };
          roles: Array<{ name: string }>;
          teams: Array<{ id: string }>;
          status: string;
        }>;
      }
    ).data;
    expect(member).toBeDefined();
    expect(member.user).toMatchObject({ email: newcomer.email, name: newcomer.name });
    expect(member.status).toBe('active');
    expect(member.roles.map((r) => r.name)).toEqual(['operator']);
    expect(member.teams.map((t) => t.id)).toEqual([teamId]);

    const trail = await admin.request.get(`${server.url}/api/v1/tenants/acme/audit-events?action=sso.signed_in&limit=20`);
    expect(trail.status()).toBe(200);
    const text = JSON.stringify(await trail.json());
    expect(text).toContain(connectionId);
    expect(text).not.toContain(clientSecret);

    await admin.goto(`${server.url}/t/acme/members?q=${encodeURIComponent(newcomer.email)}`);
    await admin.getByText(newcomer.name).first().waitFor();
    await admin.screenshot({ path: artifactPath('sso-oidc-member-list.png') });
  });

  it('cancelling at the provider leads to a plain refusal page, at 1440 and 390 px', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    watchErrors(page, errors, 'cancel: ');
    try {
      await page.goto(`${server.url}/sso/acme/${connectionId}/start`);
      await page.waitForURL((url) => url.origin === idp.issuer);
      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.waitForURL((url) => url.origin === server.url && url.pathname === '/sso/refused');
      expect(new URL(page.url()).searchParams.get('reason')).toBe('idp_error');
      await page.getByRole('heading', { name: 'Your company sign-in did not finish' }).waitFor();
      await checkPage(page, 'refusal page', { sizes: [PHONE, DESKTOP] });
      await page.screenshot({ path: artifactPath('sso-oidc-cancelled.png') });
      // Not signed in.
      expect((await page.request.get(`${server.url}/api/v1/me`)).status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('a second factor asserted by the provider (amr mfa) satisfies the tenant’s MFA policy; a password alone does not', async () => {
    // A tenant of its own that requires a second factor of everyone (Acme's seeded admin has none and would be shut
    // out of Acme): the admin creates it, connects the same provider, then turns the policy on.
    const slug = `sso-mfa-${stamp}`;
    const headers = { origin: server.url };
    const tenant = await admin.request.post(`${server.url}/api/v1/tenants`, { headers, data: { slug, name: `SSO MFA ${stamp}` } });
    expect(tenant.status(), await tenant.text()).toBe(201);
    const created = await admin.request.post(`${server.url}/api/v1/tenants/${slug}/sso-connections`, {
      headers,
      data: { type: 'oidc', name: 'Corp IdP', issuer: idp.issuer, clientId, clientSecret, defaultRoles: ['operator'] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const connection = (await created.json()) as { id: string; redirectUri: string };
    await idp.setRedirectUris([`${server.url}/sso/acme/${connectionId}/oidc/callback`, connection.redirectUri]);
    const patched = await admin.request.patch(`${server.url}/api/v1/tenants/${slug}`, {
      headers,
      data: { settings: { mfaRequired: 'everyone' } },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    const passwordOnly = {
      sub: `pwd-${stamp}`,
      email: `lise.${stamp}@corp-idp.example`,
      name: 'Lise Meitner',
      password: `idp-pass-2-${stamp}`,
      amr: ['pwd'],
    };
    // New people here: an account of Acme's is not linked to this tenant's connection (the domain is not verified).
    const withMfa = {
      sub: `mfa-${stamp}`,
      email: `irene.${stamp}@corp-idp.example`,
      name: 'Irène Joliot-Curie',
      password: `idp-pass-3-${stamp}`,
      amr: ['pwd', 'mfa'],
    };
    idp.addAccount(passwordOnly);
    idp.addAccount(withMfa);

    for (const [person, strong] of [
      [withMfa, true],
      [passwordOnly, false],
    ] as const) {
      const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
      const page = await context.newPage();
      watchErrors(page, errors, `${person.name}: `);
      try {
        await page.goto(`${server.url}/sso/${slug}/${connection.id}/start?login_hint=${encodeURIComponent(person.email)}`);
        await page.waitForURL((url) => url.origin === idp.issuer);
        await page.getByLabel('Password').fill(person.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.origin === server.url && !url.pathname.includes('/oidc/callback'));
        expect(page.url()).not.toContain('/sso/refused');
        const sites = await page.request.get(`${server.url}/api/v1/tenants/${slug}/sites`);
        if (strong) {
          await page.getByRole('navigation').first().waitFor();
          expect(new URL(page.url()).pathname).toBe(`/t/${slug}`);
          expect(sites.status()).toBe(200);
        } else {
          // Signed in, but sent to set up a second factor of their own first.
          await page.waitForURL(/\/account\/security\?enrol=1/);
          await page.getByTestId('enrol-banner').waitFor();
          expect(sites.status()).toBe(403);
          expect(((await sites.json()) as { code: string }).code).toBe('mfa_enrolment_required');
          await page.screenshot({ path: artifactPath('sso-oidc-password-only-enrol.png') });
        }
      } finally {
        await context.close();
      }
    }
  });

  it('met no page error and no 5xx answer', () => {
    expect(errors).toEqual([]);
  });
});
