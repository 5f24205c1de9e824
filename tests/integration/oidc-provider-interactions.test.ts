import { and, eq, sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, tenants } from '@/db/schema';
import { getDb } from '@/db/client';
import { resolveSessionActor, revokeSession } from '@/lib/auth/session';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { loadConsentQuestion } from '@/lib/oidc-provider/interaction';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, createUserWithSession, unique, type TestTenant } from '../support/fixtures';
import {
  Browser,
  createSystemClient,
  discover,
  ISSUER,
  providerFetch,
  signInThrough,
  startCodeFlow,
  type SystemClient,
} from '../support/oidc-relying-party';

// The interaction: Custos's session signs people in to a system's client; the provider's session never outlives it;
// PKCE for public clients; members of other tenants refused; third-party clients ask once on the consent page.

let t: TestTenant;
let other: TestTenant;
let ims: SystemClient;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
  ims = await createSystemClient(t.users.admin, t.slug, { systemSlug: `ims-${unique()}` });
});

describe('who may sign in', () => {
  it('a public client without PKCE is refused (invalid_request at its redirect URI); with PKCE it signs in', async () => {
    const pub = await createSystemClient(t.users.admin, t.slug, { systemSlug: `pub-${unique()}`, type: 'public' });
    const config = await discover(pub);
    const browser = new Browser(t.users.viewer.cookie);
    const start = await startCodeFlow(config, pub.redirectUri, {}, { pkce: false });
    const { location } = await browser.follow(start.url.toString());
    expect(location?.toString().startsWith(pub.redirectUri)).toBe(true);
    expect(location?.searchParams.get('error')).toBe('invalid_request');
    const { tokens } = await signInThrough(config, browser, pub.redirectUri);
    expect(tokens.claims()?.sub).toBe(t.users.viewer.id);
  });

  it("a member of another tenant gets access_denied at the client's redirect URI", async () => {
    const config = await discover(ims);
    const start = await startCodeFlow(config, ims.redirectUri);
    const { location } = await new Browser(other.users.admin.cookie).follow(start.url.toString());
    expect(location?.toString().startsWith(ims.redirectUri)).toBe(true);
    expect(location?.searchParams.get('error')).toBe('access_denied');
    expect(location?.searchParams.get('error_description')).toMatch(/not a member/);
  });

  it('each finished sign-in is on the tenant trail as oidc.signed_in on the system', async () => {
    const config = await discover(ims);
    await signInThrough(config, new Browser(t.users.qa.cookie), ims.redirectUri);
    const rows = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, 'oidc.signed_in'), eq(auditEvents.actorId, t.users.qa.id))),
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ targetType: 'system', after: { clientId: ims.clientId } });
  });
});

describe("the provider's session follows Custos's", () => {
  it('after signing out of Custos the next authorization asks for sign-in again', async () => {
    const user = t.users.operator;
    const config = await discover(ims);
    const browser = new Browser(user.cookie);
    await signInThrough(config, browser, ims.redirectUri);
    // Still signed in: no interaction needed beyond the provider's own redirect.
    await signInThrough(config, browser, ims.redirectUri);

    const db = await getDb();
    await revokeSession(db, user.sessionId);
    const start = await startCodeFlow(config, ims.redirectUri);
    const { location } = await browser.follow(start.url.toString());
    expect(location?.pathname).toBe('/sign-in');
  });

  it('signed in to Custos as someone else: the provider signs in that person, not the earlier one', async () => {
    const config = await discover(ims);
    const browser = new Browser(t.users.manager.cookie);
    const first = await signInThrough(config, browser, ims.redirectUri);
    expect(first.tokens.claims()?.sub).toBe(t.users.manager.id);
    browser.setCookieHeader(t.users.viewer.cookie); // same cookie name: the Custos session is now the viewer's
    const second = await signInThrough(config, browser, ims.redirectUri);
    expect(second.tokens.claims()?.sub).toBe(t.users.viewer.id);
  });
});

describe('third-party clients', () => {
  let thirdParty: SystemClient;
  beforeAll(async () => {
    thirdParty = await createSystemClient(t.users.admin, t.slug, { systemSlug: `ext-${unique()}`, firstParty: false });
  });

  async function decide(browser: Browser, uid: string, body: unknown, origin: string | null = new URL(ISSUER()).origin) {
    return browser.request(`/oidc/interaction/${uid}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify(body),
    });
  }

  it('ask on the consent page once: Allow finishes the sign-in and is remembered', async () => {
    const user = t.users.qa;
    const config = await discover(thirdParty);
    const browser = new Browser(user.cookie);
    const start = await startCodeFlow(config, thirdParty.redirectUri);
    const { location } = await browser.follow(start.url.toString());
    expect(location?.pathname).toMatch(/^\/consent\/[\w-]+$/);
    const uid = location!.pathname.split('/').pop()!;

    const question = await loadConsentQuestion(uid, user.id);
    expect(question).toMatchObject({ clientName: `Client of ${thirdParty.systemSlug}`, tenantSlug: t.slug });
    expect(question?.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
    expect(await loadConsentQuestion(uid, t.users.viewer.id)).toBeNull();

    // Cookie-authenticated write: from another origin, or naming none, refused.
    expect((await decide(browser, uid, { allow: true }, 'https://evil.example')).status).toBe(403);
    expect((await decide(browser, uid, { allow: true }, null)).status).toBe(403);
    const bad = await decide(browser, uid, { allow: 'yes' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'allow' }] });

    const answer = await decide(browser, uid, { allow: true });
    expect(answer.status).toBe(200);
    const { location: next } = (await answer.json()) as { location: string };
    const done = await browser.follow(next);
    expect(done.location?.toString().startsWith(thirdParty.redirectUri)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(config, done.location!, {
      pkceCodeVerifier: start.verifier,
      expectedState: start.state,
      expectedNonce: start.nonce,
    });
    expect(tokens.claims()?.sub).toBe(user.id);

    // Remembered: the next sign-in goes straight through.
    const again = await signInThrough(config, browser, thirdParty.redirectUri);
    expect(again.tokens.claims()?.sub).toBe(user.id);
    const consents = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, 'oidc.consent_granted'))),
    );
    expect(consents.some((row) => row.actorId === user.id && row.targetId === thirdParty.systemId)).toBe(true);
  });

  it('Deny answers access_denied to the application', async () => {
    const config = await discover(thirdParty);
    const browser = new Browser(t.users.viewer.cookie);
    const start = await startCodeFlow(config, thirdParty.redirectUri);
    const { location } = await browser.follow(start.url.toString());
    const uid = location!.pathname.split('/').pop()!;
    const answer = await decide(browser, uid, { allow: false });
    const { location: next } = (await answer.json()) as { location: string };
    const done = await browser.follow(next);
    expect(done.location?.searchParams.get('error')).toBe('access_denied');
  });
});

describe('pages', () => {
  it('an unknown or expired interaction is a plain page, not a stack trace', async () => {
    const response = await providerFetch(`${ISSUER()}/oidc/interaction/nope`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Sign-in not completed');
    expect(html).not.toMatch(/at .*\.js:\d+/);
  });

  it('an unknown client at the authorization endpoint is a plain error page', async () => {
    const response = await providerFetch(`${ISSUER()}/oidc/auth?client_id=cus_${'x'.repeat(22)}&response_type=code&scope=openid`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('not known to Custos');
  });
});

describe('sign-out started by the application', () => {
  it('asks first; "Sign out of Custos" (sent with fetch) ends the provider session and the Custos session', async () => {
    const user = await createUserWithSession('leaver');
    const db = await getDb();
    await db.transaction((tx) => addMember(tx, { tenantId: t.id, userId: user.id, roleIds: [t.roleIds.viewer] }));
    const config = await discover(ims);
    const browser = new Browser(user.cookie);
    const { tokens } = await signInThrough(config, browser, ims.redirectUri);

    const page = await browser.request(`/oidc/session/end?id_token_hint=${tokens.id_token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign out of Custos');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeTruthy();

    const answer = await browser.request('/oidc/session/end/confirm', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-custos-navigation': 'fetch',
        'x-custos-sign-out': '1',
        origin: new URL(ISSUER()).origin,
      },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { location: string }).location).toMatch(/\/oidc\/session\/end\/success/);
    expect(await resolveSessionActor(new Request(ISSUER(), { headers: { cookie: user.cookie } }))).toBeNull();

    const start = await startCodeFlow(config, ims.redirectUri);
    const { location } = await new Browser(user.cookie).follow(start.url.toString());
    expect(location?.pathname).toBe('/sign-in');
  });
});

describe('sign-out with no provider session', () => {
  it("is answered with a nonce'd fetch instead of oidc-provider's inline auto-submit, and leaves the Custos session", async () => {
    const user = await createUserWithSession('stayer');
    const browser = new Browser(user.cookie);
    const page = await browser.request('/oidc/session/end', { headers: { 'x-nonce': 'test-nonce' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('document.forms[0].submit()');
    expect(html).toContain('<script nonce="test-nonce">');
    const fields = JSON.parse(/new URLSearchParams\((\{.*?\})\)/.exec(html)![1]) as Record<string, string>;
    expect(fields.logout).toBe('yes');
    const answer = await browser.request('/oidc/session/end/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-custos-navigation': 'fetch', origin: new URL(ISSUER()).origin },
      body: new URLSearchParams(fields).toString(),
    });
    expect(((await answer.json()) as { location: string }).location).toMatch(/\/oidc\/session\/end\/success/);
    expect(await resolveSessionActor(new Request(ISSUER(), { headers: { cookie: user.cookie } }))).not.toBeNull();
  });
});

describe("the console's gates", () => {
  it('a tenant that requires a second factor sends a member without one to enrol, then back to the interaction', async () => {
    const strict = await createTenantWithMembers();
    const client = await createSystemClient(strict.users.admin, strict.slug, { systemSlug: `mfa-${unique()}` });
    const db = await getDb();
    await db
      .update(tenants)
      .set({ settings: sql`coalesce(${tenants.settings}, '{}'::jsonb) || '{"mfaRequired":"everyone"}'::jsonb` })
      .where(eq(tenants.id, strict.id));
    const config = await discover(client);
    const start = await startCodeFlow(config, client.redirectUri);
    const { location } = await new Browser(strict.users.viewer.cookie).follow(start.url.toString());
    expect(location?.pathname).toBe('/account/security');
    expect(location?.searchParams.get('enrol')).toBe('1');
    expect(location?.searchParams.get('next')).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  });
});
