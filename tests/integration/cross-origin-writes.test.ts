import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as LOGOUT } from '@/app/api/v1/auth/logout/route';
import { GET as ME } from '@/app/api/v1/me/route';
import { POST as CREATE_KEY } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import * as batchAttachmentsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/attachments/route';
import { POST as RESEND } from '@/app/api/v1/tenants/[tenant]/invitations/[id]/resend/route';
import { GET as LIST_INVITATIONS, POST as INVITE } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import * as sitesRoute from '@/app/api/v1/tenants/[tenant]/sites/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, recordAttachments } from '@/db/schema';
import { signAccessToken } from '@/lib/auth/access-token';
import { env } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant } from '../support/fixtures';
import { newBatch } from '../support/quality';

// CSRF: a write the session cookie authenticates must come from the app's own origin (lib/http/same-origin.ts).
// A same-site page (another subdomain, another port) gets the cookie attached by the browser, so SameSite is no help.

const ORIGIN = 'http://localhost';
let t: TestTenant;
let batchId: string;

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  batchId = await newBatch(t);
});

const invitationsUrl = () => `${ORIGIN}/api/v1/tenants/${t.slug}/invitations`;

async function pendingInvitation(): Promise<{ id: string; email: string }> {
  const email = `csrf-${unique()}@example.test`;
  const res = await call(INVITE, {
    method: 'POST',
    url: invitationsUrl(),
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { email, roles: [t.roleIds.viewer] },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: res.json.id, email };
}

const resend = (id: string, options: { origin?: string | null; headers?: Record<string, string> } = {}) =>
  call(RESEND, {
    method: 'POST',
    url: `${invitationsUrl()}/${id}/resend`,
    params: { tenant: t.slug, id },
    cookie: t.users.admin.cookie,
    ...options,
  });

async function invitationFacts(id: string, email: string) {
  const listed = await call(LIST_INVITATIONS, { url: invitationsUrl(), params: { tenant: t.slug }, cookie: t.users.admin.cookie });
  const invitation = listed.json.data.find((i: { id: string }) => i.id === id);
  const db = await getDb();
  const [mails] = await db.select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.to, email));
  const resentEvents = await withTenant(
    t.id,
    async (tx) =>
      (
        await tx
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'invitation.resent'), eq(auditEvents.targetId, id)))
      )[0].n,
  );
  return { sentCount: invitation.sentCount as number, mails: Number(mails.n), resentEvents: Number(resentEvents) };
}

function expectRefused(res: { status: number; headers: Headers; json: any }) {
  expect(res.status, JSON.stringify(res.json)).toBe(403);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('x-request-id')).toBeTruthy();
  expect(res.json).toMatchObject({ code: 'origin_not_allowed', status: 403, title: 'Forbidden' });
  expect(res.json.detail).toMatch(/session cookie/);
}

describe('a write made with the session cookie', () => {
  it('from a foreign Origin is 403 origin_not_allowed and resends no invitation (no mail, no audit event)', async () => {
    const invitation = await pendingInvitation();
    const before = await invitationFacts(invitation.id, invitation.email);
    expect(before).toEqual({ sentCount: 1, mails: 1, resentEvents: 0 });
    const refused = await resend(invitation.id, { origin: 'https://evil.example' });
    expectRefused(refused);
    expect(refused.json.detail).toContain('https://evil.example');
    expect(await invitationFacts(invitation.id, invitation.email)).toEqual(before);
    // The same request from the app's own page goes through.
    expect((await resend(invitation.id)).status).toBe(200);
    expect(await invitationFacts(invitation.id, invitation.email)).toEqual({ sentCount: 2, mails: 2, resentEvents: 1 });
  });

  it('from a foreign Origin uploads no attachment into a batch', async () => {
    const attachments = () => withTenant(t.id, async (tx) => Number((await tx.select({ n: count() }).from(recordAttachments))[0].n));
    const before = await attachments();
    const upload = (origin?: string) =>
      call(batchAttachmentsRoute.POST, {
        method: 'POST',
        url: `${ORIGIN}/api/test?fileName=coa.pdf`,
        params: { tenant: t.slug, id: batchId },
        cookie: t.users.operator.cookie,
        origin,
        rawBody: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
      });
    expectRefused(await upload('http://uploads.localhost'));
    expect(await attachments()).toBe(before);
    expect((await upload()).status).toBe(201);
    expect(await attachments()).toBe(before + 1);
  });

  it.each([
    ['another subdomain (same site)', 'http://evil.localhost'],
    ['another port', 'http://localhost:8080'],
    ['another scheme', 'https://localhost'],
    ['an opaque origin', 'null'],
    ['garbage', 'not a url'],
  ])('from %s is refused', async (_what, origin) => {
    const invitation = await pendingInvitation();
    expectRefused(await resend(invitation.id, { origin }));
    expect((await invitationFacts(invitation.id, invitation.email)).sentCount).toBe(1);
  });

  it("without Origin is judged by Referer: the app's own page passes, another origin is refused", async () => {
    const invitation = await pendingInvitation();
    expectRefused(await resend(invitation.id, { origin: null, headers: { referer: 'http://evil.localhost/t/acme/invitations' } }));
    expect((await invitationFacts(invitation.id, invitation.email)).sentCount).toBe(1);
    const own = await resend(invitation.id, { origin: null, headers: { referer: `${ORIGIN}/t/${t.slug}/invitations?tab=pending` } });
    expect(own.status, JSON.stringify(own.json)).toBe(200);
    expect((await invitationFacts(invitation.id, invitation.email)).sentCount).toBe(2);
  });

  it("an Origin beats the Referer: a foreign Origin with the app's own Referer is refused", async () => {
    const invitation = await pendingInvitation();
    expectRefused(
      await resend(invitation.id, { origin: 'http://evil.localhost', headers: { referer: `${ORIGIN}/t/${t.slug}/invitations` } }),
    );
  });

  it('naming no origin at all (no Origin, no Referer) is refused, and nothing is written', async () => {
    const invitation = await pendingInvitation();
    const before = await invitationFacts(invitation.id, invitation.email);
    const refused = await resend(invitation.id, { origin: null });
    expectRefused(refused);
    expect(refused.json.detail).toMatch(/names none/);
    expect(await invitationFacts(invitation.id, invitation.email)).toEqual(before);
  });

  it("from APP_URL's origin passes even when the request was addressed to another host (behind a proxy)", async () => {
    const invitation = await pendingInvitation();
    const appOrigin = new URL(env().APP_URL).origin;
    const res = await call(RESEND, {
      method: 'POST',
      url: `http://10.0.0.7:3000/api/v1/tenants/${t.slug}/invitations/${invitation.id}/resend`,
      params: { tenant: t.slug, id: invitation.id },
      cookie: t.users.admin.cookie,
      origin: appOrigin,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  });

  it('on a public route that reads the cookie (logout) is refused too: the session stays alive', async () => {
    const user = await createUserWithSession('csrf-logout');
    const url = `${ORIGIN}/api/v1/auth/logout`;
    expectRefused(await call(LOGOUT, { method: 'POST', url, cookie: user.cookie, origin: 'http://evil.localhost' }));
    expect((await call(ME, { url: `${ORIGIN}/api/v1/me`, cookie: user.cookie })).status).toBe(200);
    expect((await call(LOGOUT, { method: 'POST', url, cookie: user.cookie })).status).toBe(204);
    expect((await call(ME, { url: `${ORIGIN}/api/v1/me`, cookie: user.cookie })).status).toBe(401);
  });

  it('reads with the cookie from any origin are not affected', async () => {
    const res = await call(LIST_INVITATIONS, {
      url: invitationsUrl(),
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      headers: { origin: 'http://evil.localhost' },
    });
    expect(res.status).toBe(200);
  });
});

describe('bearer credentials are not affected', () => {
  it('an access token writes without Origin, and with a foreign one, even when a cookie rides along', async () => {
    const admin = t.users.admin;
    const authorization = `Bearer ${await signAccessToken({ userId: admin.id, sessionId: admin.sessionId })}`;
    const invitation = await pendingInvitation();
    const bare = await call(RESEND, {
      method: 'POST',
      url: `${invitationsUrl()}/${invitation.id}/resend`,
      params: { tenant: t.slug, id: invitation.id },
      headers: { authorization },
    });
    expect(bare.status, JSON.stringify(bare.json)).toBe(200);
    const foreign = await call(RESEND, {
      method: 'POST',
      url: `${invitationsUrl()}/${invitation.id}/resend`,
      params: { tenant: t.slug, id: invitation.id },
      cookie: admin.cookie,
      headers: { authorization, origin: 'https://evil.example' },
    });
    expect(foreign.status, JSON.stringify(foreign.json)).toBe(200);
    expect((await invitationFacts(invitation.id, invitation.email)).sentCount).toBe(3);
  });

  it('an API key (ck_…) writes without Origin', async () => {
    const created = await call(CREATE_KEY, {
      method: 'POST',
      url: `${ORIGIN}/api/v1/tenants/${t.slug}/api-keys`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { name: `csrf-${unique()}`, permissions: ['sites.manage', 'sites.read'] },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const site = await call(sitesRoute.POST, {
      method: 'POST',
      url: `${ORIGIN}/api/v1/tenants/${t.slug}/sites`,
      params: { tenant: t.slug },
      headers: { authorization: `Bearer ${created.json.key}` },
      body: { code: `K${unique().slice(0, 5).toUpperCase()}`, name: 'Key-made site' },
    });
    expect(site.status, JSON.stringify(site.json)).toBe(201);
  });
});
