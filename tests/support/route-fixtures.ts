import { and, eq } from 'drizzle-orm';
import { apiRouteModules } from '@/app/api/v1/routes';
import { getDb } from '@/db/client';
import { accessReviewCampaigns, memberships, serials, teamMembers, users } from '@/db/schema';
import { createSession } from '@/lib/auth/session';
import { clearSignInFailures } from '@/lib/auth/sign-in-guard';
import { isOperation } from '@/lib/http/openapi';
import { setTxtResolverForTests } from '@/lib/sso/domains/dns';
import type { RouteHandler } from '@/lib/http/route';
import { insertRandomSerials } from '@/lib/serials/run-serial-job';
import { drainSerialJobs } from '@/lib/serials/start-serial-job';
import { addMember, provisionTenant } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createUserWithSession, type TestTenant, type TestUser, unique } from './fixtures';
import { samlMetadataXml } from './sso-fixtures';
import { clearSecondFactors, enrolTotpFor, startTotpFor, storedPasskeyFor, totpCode, unverifiablePasskeyBody } from './mfa';
import { batchBody, GTIN, inspect, passingRelease, sign, siteBody, TEST_PASSWORD } from './quality';

/**
 * One valid, fresh request for every /api/v1 operation, shared by the permission matrix and the sweeps
 * (bad input, isolation). A tenant fixture makes its records in the tenant it is given, as that tenant's
 * admin; an account fixture (routes outside any tenant) is made for the person who will call it.
 * A new route without a fixture fails tests/integration/permission-matrix.test.ts.
 */

/** `access`: what this fixture's operation needs when the route's own access is coarser (a transition's move); `query`: its query string. */
export type Prepared = {
  params: Record<string, string>;
  body?: unknown;
  access?: string;
  query?: Record<string, string>;
  rawBody?: BodyInit;
};
export type Fixture = (t: TestTenant) => Promise<Prepared>;
/** `caller`: the person the request is made as (a member of `t`), so fixtures of /me can use their sessions. */
export type AccountFixture = (t: TestTenant, caller: TestUser) => Promise<Prepared>;

export const ROLES = ['admin', 'manager', 'qa', 'operator', 'viewer'] as const;
export type RoleName = (typeof ROLES)[number];

export type Operation = { file: string; handler: RouteHandler; spec: RouteHandler['route']; key: string; tenantScoped: boolean };

/** Every operation of the route registry (the same modules /api/openapi.json is generated from). */
export const allOps: Operation[] = Object.entries(apiRouteModules).flatMap(([file, mod]) =>
  Object.values(mod)
    .map((h) => h as RouteHandler)
    .filter((h) => h?.route && isOperation(h.route))
    .map((handler) => ({
      file,
      handler,
      spec: handler.route,
      key: `${handler.route.method} ${handler.route.path}`,
      tenantScoped: handler.route.path.startsWith('/api/v1/tenants/{tenant}'),
    })),
);
export const tenantOps = allOps.filter((o) => o.tenantScoped);
export const accountOps = allOps.filter((o) => !o.tenantScoped);
export const opByKey = (key: string) => {
  const op = allOps.find((o) => o.key === key);
  if (!op) throw new Error(`no operation ${key}`);
  return op;
};
const handler = (method: string, path: string) => opByKey(`${method} ${path}`).handler;

export const urlOf = (query?: Record<string, string>) => (query ? `http://localhost/api/test?${new URLSearchParams(query)}` : undefined);

async function asAdmin(t: TestTenant, method: string, path: string, params: Record<string, string>, body?: unknown) {
  const res = await call(handler(method, path), { method, params: { tenant: t.slug, ...params }, cookie: t.users.admin.cookie, body });
  if (res.status >= 300) throw new Error(`fixture ${method} ${path} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

export async function membershipOf(t: TestTenant, userId: string): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, userId))),
  );
  return row.id;
}

export async function freshMember(t: TestTenant, options: { suspended?: boolean } = {}): Promise<string> {
  const user = await createUserWithSession('matrix-member');
  const { membershipId } = await withTenant(t.id, (tx) => addMember(tx, { tenantId: t.id, userId: user.id, roleIds: [t.roleIds.viewer] }));
  if (options.suspended) {
    await withTenant(t.id, (tx) => tx.update(memberships).set({ status: 'suspended' }).where(eq(memberships.id, membershipId)));
  }
  return membershipId;
}

export const freshRole = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/roles', {}, { name: `role-${unique()}`, permissions: ['batches.read'] }))
    .id as string;
export const freshTeam = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/teams', {}, { name: `team-${unique()}` })).id as string;
export const freshSystem = async (t: TestTenant) =>
  (
    await asAdmin(
      t,
      'POST',
      '/api/v1/tenants/{tenant}/systems',
      {},
      { slug: `sys-${unique()}`, name: 'LIMS', permissions: ['samples.read'] },
    )
  ).slug as string;
/** A confidential OpenID client of a fresh system: the path parameters of its routes. */
export const freshOidcClient = async (t: TestTenant) => {
  const slug = await freshSystem(t);
  const created = await asAdmin(
    t,
    'POST',
    '/api/v1/tenants/{tenant}/systems/{slug}/clients',
    { slug },
    { name: 'LIMS web', type: 'confidential', redirectUris: ['https://lims.example.com/callback'] },
  );
  return { slug, clientId: created.clientId as string };
};
/** A fresh task made by the admin, assigned to nobody. */
export const freshTask = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/tasks', {}, { title: `Task ${unique()}` })).id as string;
// Subscribed to an event the matrix never raises: its member changes must not leave hundreds of deliveries to an
// unreachable host behind on a shared test database (the job engine's sweeps would queue them all for other files).
const webhookBody = () => ({ url: `https://hooks.example.com/custos/${unique()}`, events: ['audit.chain.broken'] });
/** A fresh webhook endpoint of the tenant (for DELETE, which uses one up). */
export const freshWebhookEndpoint = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/webhooks', {}, webhookBody())).id as string;
const webhookOfTenant = new Map<string, Promise<{ id: string; deliveryId: string }>>();
/**
 * One endpoint per tenant with one delivery (a test event), shared by the fixtures that leave it in place: a tenant
 * keeps at most 20 endpoints, and the matrix prepares each operation once per role.
 */
export function webhookWithDelivery(t: TestTenant): Promise<{ id: string; deliveryId: string }> {
  let found = webhookOfTenant.get(t.id);
  if (!found) {
    found = (async () => {
      const id = await freshWebhookEndpoint(t);
      const sent = await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/webhooks/{id}/test', { id });
      return { id, deliveryId: sent.deliveryId as string };
    })();
    webhookOfTenant.set(t.id, found);
  }
  return found;
}
export const freshInvitation = async (t: TestTenant) =>
  (
    await asAdmin(
      t,
      'POST',
      '/api/v1/tenants/{tenant}/invitations',
      {},
      { email: `matrix-${unique()}@example.test`, roles: [t.roleIds.viewer] },
    )
  ).id as string;
export const digestBody = () => ({ name: `Digest ${unique()}`, recipients: ['qa-leads@example.test'], events: ['batch.released'] });
export const freshDigest = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/notification-digests', {}, digestBody())).id as string;
// Batch records: each fixture gets fresh records, made by people who do not trip segregation of duties.
export const freshSite = async (t: TestTenant) => (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/sites', {}, siteBody())).id as string;
export const freshBatch = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/batches', {}, batchBody(await freshSite(t)))).id as string;
export const freshInspection = async (t: TestTenant) => (await inspect(t, await freshBatch(t), 'admin')).id as string;
// Notes and attachments: a small PDF as the raw upload body.
export const pdfBytes = () => new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const freshAttachment = async (t: TestTenant) => {
  const res = await call(handler('POST', '/api/v1/tenants/{tenant}/batches/{id}/attachments'), {
    method: 'POST',
    params: { tenant: t.slug, id: await freshBatch(t) },
    cookie: t.users.admin.cookie,
    rawBody: pdfBytes(),
    url: 'http://localhost/api/test?fileName=coa.pdf',
  });
  if (res.status !== 201) throw new Error(`fixture attachment failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.id as string;
};
// Notes on any record: a campaign stored directly (its API belongs to lib/access-reviews), a note made by the admin.
export const freshCampaign = async (t: TestTenant) =>
  (
    await withTenant(t.id, (tx) =>
      tx
        .insert(accessReviewCampaigns)
        .values({
          tenantId: t.id,
          name: `Review ${unique()}`,
          scope: { type: 'all' },
          reviewers: { type: 'admins' },
          dueOn: '2099-12-31',
          ownerId: t.users.admin.id,
          ownerName: 'Admin',
        })
        .returning({ id: accessReviewCampaigns.id }),
    )
  )[0].id;
/**
 * A campaign started through the API over a fresh team holding only the QA person, reviewed by the admin alone: one
 * item (the admin about QA). `decided`: the admin has decided keep; `signed`: and signed it (ready to close).
 */
async function reviewedCampaignTeam(t: TestTenant): Promise<string> {
  const teamId = await freshTeam(t);
  const qa = await membershipOf(t, t.users.qa.id);
  await withTenant(t.id, (tx) => tx.insert(teamMembers).values({ tenantId: t.id, teamId, membershipId: qa }));
  return teamId;
}
export async function reviewedCampaign(
  t: TestTenant,
  stage: 'open' | 'decided' | 'signed' = 'open',
): Promise<{ id: string; itemId: string }> {
  // The sweep's wrong-password variants of the signing operations count toward the admin's lockout (as they must);
  // each campaign fixture starts from a clean count, as after the admin's next successful sign-in.
  await clearSignInFailures(t.users.admin, { requestId: 'route-fixture' }, 'route fixture');
  const teamId = await reviewedCampaignTeam(t);
  const campaign = await asAdmin(
    t,
    'POST',
    '/api/v1/tenants/{tenant}/access-reviews',
    {},
    {
      name: `Review ${unique()}`,
      scope: { type: 'team', teamId },
      reviewers: { type: 'people', userIds: [t.users.admin.id] },
      dueOn: '2099-12-31',
    },
  );
  const id = campaign.id as string;
  const items = await asAdmin(t, 'GET', '/api/v1/tenants/{tenant}/access-reviews/{id}/items', { id });
  const itemId = (items.data as Array<{ id: string }>)[0].id;
  if (stage !== 'open')
    await asAdmin(t, 'PATCH', '/api/v1/tenants/{tenant}/access-reviews/{id}/items/{itemId}', { id, itemId }, { decision: 'keep' });
  if (stage === 'signed')
    await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/access-reviews/{id}/sign', { id }, { signature: sign('reviewed') });
  return { id, itemId };
}
export const freshNote = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/batches/{id}/notes', { id: await freshBatch(t) }, { body: 'To be edited.' }))
    .id as string;
const recordNoteFixtures = (segment: string, param: 'id' | 'slug', fresh: (t: TestTenant) => Promise<string>): Record<string, Fixture> => ({
  [`GET /api/v1/tenants/{tenant}/${segment}/{${param}}/notes`]: async (t) => ({ params: { [param]: await fresh(t) } }),
  [`POST /api/v1/tenants/{tenant}/${segment}/{${param}}/notes`]: async (t) => ({
    params: { [param]: await fresh(t) },
    body: { body: 'Checked with the owner.', priority: 'high' },
  }),
  [`GET /api/v1/tenants/{tenant}/${segment}/{${param}}/attachments`]: async (t) => ({ params: { [param]: await fresh(t) } }),
  [`POST /api/v1/tenants/{tenant}/${segment}/{${param}}/attachments`]: async (t) => ({
    params: { [param]: await fresh(t) },
    rawBody: pdfBytes(),
  }),
});
// Serials: a job through the API (run to its end, so nothing writes in the background afterwards); a serial
// stored directly (as a finished job would), so status fixtures need no wait.
export const freshJob = async (t: TestTenant) => {
  const { jobId } = await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/batches/{id}/serials', { id: await freshBatch(t) }, { count: 1 });
  await drainSerialJobs();
  return jobId as string;
};
export const freshSerial = async (t: TestTenant) => {
  const batchId = await freshBatch(t);
  const serial = await withTenant(t.id, async (tx) => {
    await insertRandomSerials(tx, t.id, { gtin: GTIN, batchId }, 1);
    return (await tx.select({ serial: serials.serial }).from(serials).where(eq(serials.batchId, batchId)))[0].serial;
  });
  return { batchId, serial };
};
export const freshKey = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/api-keys', {}, { name: `key-${unique()}`, permissions: ['tenant.read'] }))
    .id as string;

/** A domain claimed by the tenant, unverified; `publish` answers its TXT record to DNS lookups (lib/sso/domains/dns.ts). */
const freshDomain = async (t: TestTenant, options: { publish?: boolean } = {}) => {
  const domain = (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/domains', {}, { domain: `sweep-${unique()}.example` })) as {
    id: string;
    verificationRecord: { value: string };
  };
  if (options.publish) setTxtResolverForTests(() => Promise.resolve([[domain.verificationRecord.value]]));
  return domain.id;
};

/** A SCIM token of the tenant, live. */
const freshScimToken = async (t: TestTenant) =>
  ((await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/scim-tokens', {}, { name: `sweep-${unique()}` })) as { id: string }).id;

/** An SSO connection of the tenant (SAML, from test metadata: no IdP is reached). */
const freshSsoConnection = async (t: TestTenant) =>
  (
    (await asAdmin(
      t,
      'POST',
      '/api/v1/tenants/{tenant}/sso-connections',
      {},
      {
        type: 'saml',
        name: `sweep-${unique()}`,
        metadataXml: samlMetadataXml(),
      },
    )) as { id: string }
  ).id;

export const FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/tenants/{tenant}/sso-connections': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/sso-connections': () =>
    Promise.resolve({ params: {}, body: { type: 'saml', name: `sweep-${unique()}`, metadataXml: samlMetadataXml() } }),
  'GET /api/v1/tenants/{tenant}/sso-connections/{id}': async (t) => ({ params: { id: await freshSsoConnection(t) } }),
  'PATCH /api/v1/tenants/{tenant}/sso-connections/{id}': async (t) => ({
    params: { id: await freshSsoConnection(t) },
    body: { enabled: false },
  }),
  'DELETE /api/v1/tenants/{tenant}/sso-connections/{id}': async (t) => ({ params: { id: await freshSsoConnection(t) } }),
  'GET /api/v1/tenants/{tenant}/scim-tokens': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/scim-tokens': () => Promise.resolve({ params: {}, body: { name: `sweep-${unique()}` } }),
  'DELETE /api/v1/tenants/{tenant}/scim-tokens/{id}': async (t) => ({ params: { id: await freshScimToken(t) } }),
  'GET /api/v1/tenants/{tenant}/domains': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/domains': () => Promise.resolve({ params: {}, body: { domain: `sweep-${unique()}.example` } }),
  'DELETE /api/v1/tenants/{tenant}/domains/{id}': async (t) => ({ params: { id: await freshDomain(t) } }),
  'POST /api/v1/tenants/{tenant}/domains/{id}/verify': async (t) => ({ params: { id: await freshDomain(t, { publish: true }) } }),
  'GET /api/v1/tenants/{tenant}': () => Promise.resolve({ params: {} }),
  'PATCH /api/v1/tenants/{tenant}': () => Promise.resolve({ params: {}, body: { name: `Renamed ${unique()}` } }),
  'POST /api/v1/tenants/{tenant}/authorize': () => Promise.resolve({ params: {}, body: { permission: 'batches.read' } }),
  'GET /api/v1/tenants/{tenant}/api-keys': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/api-keys': () =>
    Promise.resolve({ params: {}, body: { name: `key-${unique()}`, permissions: ['tenant.read'] } }),
  'DELETE /api/v1/tenants/{tenant}/api-keys/{id}': async (t) => ({ params: { id: await freshKey(t) } }),
  'GET /api/v1/tenants/{tenant}/invitations': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/invitations': (t) =>
    Promise.resolve({
      params: {},
      body: { email: `matrix-${unique()}@example.test`, roles: [t.roleIds.viewer] },
    }),
  'POST /api/v1/tenants/{tenant}/invitations/bulk': (t) =>
    Promise.resolve({
      params: {},
      body: { emails: [`matrix-${unique()}@example.test`], roles: [t.roleIds.viewer] },
    }),
  'DELETE /api/v1/tenants/{tenant}/invitations/{id}': async (t) => ({ params: { id: await freshInvitation(t) } }),
  'POST /api/v1/tenants/{tenant}/invitations/{id}/resend': async (t) => ({ params: { id: await freshInvitation(t) } }),
  'GET /api/v1/tenants/{tenant}/members': () => Promise.resolve({ params: {} }),
  'GET /api/v1/tenants/{tenant}/members/export': () => Promise.resolve({ params: {} }),
  'GET /api/v1/tenants/{tenant}/members/{id}': async (t) => ({ params: { id: await membershipOf(t, t.users.viewer.id) } }),
  'PATCH /api/v1/tenants/{tenant}/members/{id}': async (t) => ({
    params: { id: await freshMember(t) },
    body: { roles: [t.roleIds.viewer] },
  }),
  'DELETE /api/v1/tenants/{tenant}/members/{id}': async (t) => ({ params: { id: await freshMember(t) } }),
  'GET /api/v1/tenants/{tenant}/members/{id}/permissions': async (t) => ({ params: { id: await membershipOf(t, t.users.viewer.id) } }),
  'POST /api/v1/tenants/{tenant}/members/{id}/suspend': async (t) => ({
    params: { id: await freshMember(t) },
    body: { reason: 'On leave' },
  }),
  'POST /api/v1/tenants/{tenant}/members/{id}/mfa/reset': async (t) => ({ params: { id: await freshMember(t) } }),
  'POST /api/v1/tenants/{tenant}/members/{id}/reactivate': async (t) => ({ params: { id: await freshMember(t, { suspended: true }) } }),
  'PUT /api/v1/tenants/{tenant}/members/{id}/overrides': async (t) => ({
    params: { id: await freshMember(t) },
    body: { grant: ['batches.read'], deny: ['sites.read'] },
  }),
  'GET /api/v1/tenants/{tenant}/roles': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/roles': () =>
    Promise.resolve({ params: {}, body: { name: `role-${unique()}`, permissions: ['batches.read'] } }),
  'GET /api/v1/tenants/{tenant}/roles/{id}': (t) => Promise.resolve({ params: { id: t.roleIds.viewer } }),
  'PATCH /api/v1/tenants/{tenant}/roles/{id}': async (t) => ({ params: { id: await freshRole(t) }, body: { description: 'Edited' } }),
  'DELETE /api/v1/tenants/{tenant}/roles/{id}': async (t) => ({ params: { id: await freshRole(t) } }),
  'GET /api/v1/tenants/{tenant}/systems': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/systems': () =>
    Promise.resolve({
      params: {},
      body: { slug: `sys-${unique()}`, name: 'LIMS', permissions: ['samples.read'] },
    }),
  'GET /api/v1/tenants/{tenant}/systems/{slug}': async (t) => ({ params: { slug: await freshSystem(t) } }),
  'PATCH /api/v1/tenants/{tenant}/systems/{slug}': async (t) => ({
    params: { slug: await freshSystem(t) },
    body: { name: 'Renamed LIMS' },
  }),
  'DELETE /api/v1/tenants/{tenant}/systems/{slug}': async (t) => ({ params: { slug: await freshSystem(t) } }),
  'GET /api/v1/tenants/{tenant}/systems/{slug}/clients': async (t) => ({ params: { slug: await freshSystem(t) } }),
  'POST /api/v1/tenants/{tenant}/systems/{slug}/clients': async (t) => ({
    params: { slug: await freshSystem(t) },
    body: { name: 'LIMS web', type: 'confidential', redirectUris: ['https://lims.example.com/callback'] },
  }),
  'GET /api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}': async (t) => ({ params: await freshOidcClient(t) }),
  'PATCH /api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}': async (t) => ({
    params: await freshOidcClient(t),
    body: { name: 'LIMS web (renamed)' },
  }),
  'DELETE /api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}': async (t) => ({ params: await freshOidcClient(t) }),
  'POST /api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}/secret': async (t) => ({ params: await freshOidcClient(t) }),
  'GET /api/v1/tenants/{tenant}/webhooks': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/webhooks': () => Promise.resolve({ params: {}, body: webhookBody() }),
  'GET /api/v1/tenants/{tenant}/webhooks/{id}': async (t) => ({ params: { id: (await webhookWithDelivery(t)).id } }),
  'PATCH /api/v1/tenants/{tenant}/webhooks/{id}': async (t) => ({
    params: { id: (await webhookWithDelivery(t)).id },
    body: { description: 'Edited' },
  }),
  'DELETE /api/v1/tenants/{tenant}/webhooks/{id}': async (t) => ({ params: { id: await freshWebhookEndpoint(t) } }),
  'POST /api/v1/tenants/{tenant}/webhooks/{id}/secret': async (t) => ({ params: { id: (await webhookWithDelivery(t)).id } }),
  'GET /api/v1/tenants/{tenant}/webhooks/{id}/deliveries': async (t) => ({ params: { id: (await webhookWithDelivery(t)).id } }),
  'GET /api/v1/tenants/{tenant}/webhooks/{id}/deliveries/{deliveryId}': async (t) => ({ params: await webhookWithDelivery(t) }),
  'POST /api/v1/tenants/{tenant}/webhooks/{id}/deliveries/{deliveryId}/replay': async (t) => ({ params: await webhookWithDelivery(t) }),
  'POST /api/v1/tenants/{tenant}/webhooks/{id}/replay': async (t) => ({
    params: { id: (await webhookWithDelivery(t)).id },
    body: { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() },
  }),
  'POST /api/v1/tenants/{tenant}/webhooks/{id}/test': async (t) => ({ params: { id: (await webhookWithDelivery(t)).id } }),
  'GET /api/v1/tenants/{tenant}/webhook-event-types': () => Promise.resolve({ params: {} }),
  'GET /api/v1/tenants/{tenant}/teams': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/teams': () => Promise.resolve({ params: {}, body: { name: `team-${unique()}` } }),
  'GET /api/v1/tenants/{tenant}/teams/{id}': async (t) => ({ params: { id: await freshTeam(t) } }),
  'PATCH /api/v1/tenants/{tenant}/teams/{id}': async (t) => ({ params: { id: await freshTeam(t) }, body: { description: 'Edited' } }),
  'DELETE /api/v1/tenants/{tenant}/teams/{id}': async (t) => ({ params: { id: await freshTeam(t) } }),
  'GET /api/v1/tenants/{tenant}/teams/{id}/members': async (t) => ({ params: { id: await freshTeam(t) } }),
  'PUT /api/v1/tenants/{tenant}/teams/{id}/members': async (t) => ({ params: { id: await freshTeam(t) }, body: { membershipIds: [] } }),
  'GET /api/v1/tenants/{tenant}/notification-digests': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/notification-digests': () => Promise.resolve({ params: {}, body: digestBody() }),
  'GET /api/v1/tenants/{tenant}/notification-digests/{id}': async (t) => ({ params: { id: await freshDigest(t) } }),
  'PATCH /api/v1/tenants/{tenant}/notification-digests/{id}': async (t) => ({
    params: { id: await freshDigest(t) },
    body: { enabled: false },
  }),
  'DELETE /api/v1/tenants/{tenant}/notification-digests/{id}': async (t) => ({ params: { id: await freshDigest(t) } }),
  'GET /api/v1/tenants/{tenant}/sites': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/sites': () => Promise.resolve({ params: {}, body: siteBody() }),
  'GET /api/v1/tenants/{tenant}/sites/{id}': async (t) => ({ params: { id: await freshSite(t) } }),
  'PATCH /api/v1/tenants/{tenant}/sites/{id}': async (t) => ({
    params: { id: await freshSite(t) },
    body: { name: 'Renamed plant', reason: 'New name' },
  }),
  'GET /api/v1/tenants/{tenant}/batches': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/batches': async (t) => ({ params: {}, body: batchBody(await freshSite(t)) }),
  'GET /api/v1/tenants/{tenant}/batches/{id}': async (t) => ({ params: { id: await freshBatch(t) } }),
  'PATCH /api/v1/tenants/{tenant}/batches/{id}': async (t) => ({
    params: { id: await freshBatch(t) },
    body: { productName: 'Corrected', reason: 'Typo in the name' },
  }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/transitions': async (t) => ({
    params: { id: await freshBatch(t) },
    body: { to: 'in_production' },
    access: 'batches.transition',
  }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/release-check': async (t) => ({ params: { id: await freshBatch(t) } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/inspections': async (t) => ({ params: { id: await freshBatch(t) } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/inspections': async (t) => ({ params: { id: await freshBatch(t) }, body: passingRelease }),
  'GET /api/v1/tenants/{tenant}/inspections/{id}': async (t) => ({ params: { id: await freshInspection(t) } }),
  'POST /api/v1/tenants/{tenant}/inspections/{id}/review': async (t) => ({
    params: { id: await freshInspection(t) },
    body: { decision: 'approve', signature: sign('approved') },
  }),
  'GET /api/v1/tenants/{tenant}/sample-size': () => Promise.resolve({ params: {}, query: { lotSize: '500' } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/notes': async (t) => ({ params: { id: await freshBatch(t) } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/notes': async (t) => ({
    params: { id: await freshBatch(t) },
    body: { body: 'Line clearance done.' },
  }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/attachments': async (t) => ({ params: { id: await freshBatch(t) } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/attachments': async (t) => ({ params: { id: await freshBatch(t) }, rawBody: pdfBytes() }),
  'GET /api/v1/tenants/{tenant}/inspections/{id}/notes': async (t) => ({ params: { id: await freshInspection(t) } }),
  'POST /api/v1/tenants/{tenant}/inspections/{id}/notes': async (t) => ({
    params: { id: await freshInspection(t) },
    body: { body: 'Sample retained.' },
  }),
  'GET /api/v1/tenants/{tenant}/inspections/{id}/attachments': async (t) => ({ params: { id: await freshInspection(t) } }),
  'POST /api/v1/tenants/{tenant}/inspections/{id}/attachments': async (t) => ({
    params: { id: await freshInspection(t) },
    rawBody: pdfBytes(),
  }),
  'GET /api/v1/tenants/{tenant}/attachments/{id}': async (t) => ({ params: { id: await freshAttachment(t) }, access: 'batches.read' }),
  ...recordNoteFixtures('members', 'id', freshMember),
  ...recordNoteFixtures('sites', 'id', freshSite),
  ...recordNoteFixtures('systems', 'slug', freshSystem),
  ...recordNoteFixtures('teams', 'id', freshTeam),
  ...recordNoteFixtures('access-reviews', 'id', freshCampaign),
  // Access reviews: any member lists (their own campaigns); the rest needs access_reviews.manage or being the
  // campaign's reviewer, and the fixture's campaign is reviewed by the admin alone.
  'GET /api/v1/tenants/{tenant}/access-reviews': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/access-reviews': async (t) => ({
    params: {},
    body: {
      name: `Review ${unique()}`,
      scope: { type: 'team', teamId: await reviewedCampaignTeam(t) },
      reviewers: { type: 'people', userIds: [t.users.admin.id] },
      dueOn: '2099-12-31',
    },
  }),
  'GET /api/v1/tenants/{tenant}/access-reviews/{id}': async (t) => ({
    params: { id: (await reviewedCampaign(t)).id },
    access: 'access_reviews.manage',
  }),
  'GET /api/v1/tenants/{tenant}/access-reviews/{id}/items': async (t) => ({
    params: { id: (await reviewedCampaign(t)).id },
    query: { reviewer: 'all' },
    access: 'access_reviews.manage',
  }),
  'PATCH /api/v1/tenants/{tenant}/access-reviews/{id}/items/{itemId}': async (t) => ({
    params: await reviewedCampaign(t),
    body: { decision: 'revoke', comment: 'No longer in QA.', change: { roleIds: ['qa'] } },
    access: 'access_reviews.manage',
  }),
  'POST /api/v1/tenants/{tenant}/access-reviews/{id}/sign': async (t) => ({
    params: { id: (await reviewedCampaign(t, 'decided')).id },
    body: { signature: sign('reviewed') },
    access: 'access_reviews.manage',
  }),
  'POST /api/v1/tenants/{tenant}/access-reviews/{id}/close': async (t) => ({
    params: { id: (await reviewedCampaign(t, 'signed')).id },
    body: { signature: sign('approved') },
  }),
  // A campaign with no items: its report is a draft (a closed campaign's stored report: tests/integration/access-review-report.test.ts).
  'GET /api/v1/tenants/{tenant}/access-reviews/{id}/report': async (t) => ({
    params: { id: await freshCampaign(t) },
    query: { format: 'csv' },
  }),
  // A note by the admin: another person may edit it holding the record's add permission (batches.update).
  'PATCH /api/v1/tenants/{tenant}/notes/{noteId}': async (t) => ({
    params: { noteId: await freshNote(t) },
    body: { body: 'Edited text.', priority: 'low' },
    access: 'batches.update',
  }),
  'GET /api/v1/tenants/{tenant}/notes/{noteId}/versions': async (t) => ({ params: { noteId: await freshNote(t) }, access: 'batches.read' }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/export': async (t) => ({ params: { id: await freshBatch(t) }, query: { format: 'json' } }),
  'GET /api/v1/tenants/{tenant}/dashboard': () => Promise.resolve({ params: {} }),
  // Tasks: any member lists, reads and creates; a task made by the admin (nobody assigned) may be edited by its
  // creator and by holders of members.update.
  'GET /api/v1/tenants/{tenant}/tasks': () => Promise.resolve({ params: {} }),
  'POST /api/v1/tenants/{tenant}/tasks': () => Promise.resolve({ params: {}, body: { title: 'Check the fixture', priority: 'high' } }),
  'GET /api/v1/tenants/{tenant}/tasks/assignees': () => Promise.resolve({ params: {} }),
  // The record picker: members need members.read (a batch would need batches.read, which every role holds).
  'GET /api/v1/tenants/{tenant}/records': () =>
    Promise.resolve({ params: {}, query: { type: 'member', q: 'test' }, access: 'members.read' }),
  'GET /api/v1/tenants/{tenant}/tasks/{id}': async (t) => ({ params: { id: await freshTask(t) } }),
  'PATCH /api/v1/tenants/{tenant}/tasks/{id}': async (t) => ({
    params: { id: await freshTask(t) },
    body: { priority: 'low', status: 'in_progress' },
    access: 'members.update',
  }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials': async (t) => ({
    params: { id: (await freshSerial(t)).batchId },
    query: { status: 'commissioned' },
  }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/serials': async (t) => ({ params: { id: await freshBatch(t) }, body: { count: 1 } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials/export': async (t) => ({ params: { id: (await freshSerial(t)).batchId } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/serials/status': async (t) => {
    const { batchId, serial } = await freshSerial(t);
    return { params: { id: batchId }, body: { to: 'released', reason: 'Released to the wholesaler', serials: [serial] } };
  },
  'GET /api/v1/tenants/{tenant}/jobs/{id}': async (t) => ({ params: { id: await freshJob(t) } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials/summary': async (t) => ({ params: { id: (await freshSerial(t)).batchId } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials/{serial}': async (t) => {
    const { batchId, serial } = await freshSerial(t);
    return { params: { id: batchId, serial } };
  },
  'GET /api/v1/tenants/{tenant}/batches/{id}/serial-jobs': async (t) => ({ params: { id: await freshBatch(t) } }),
  'GET /api/v1/tenants/{tenant}/audit-events': () => Promise.resolve({ params: {} }),
  'GET /api/v1/tenants/{tenant}/audit-events/verify': () => Promise.resolve({ params: {} }),
  'GET /api/v1/tenants/{tenant}/audit-events/export': () => Promise.resolve({ params: {} }),
};

/** A tenant of its own for a platform administrator to change or wipe out. */
async function spareTenant(): Promise<string> {
  const db = await getDb();
  const slug = `spare-${unique()}`;
  await db.transaction((tx) => provisionTenant(tx, { slug, name: `Spare ${slug}`, planId: 'starter' }));
  return slug;
}

/** A token-shaped string no row matches (tokens are 20–200 characters). */
/** A well-formed passkey assertion (AuthenticationResponseJSON) that no authenticator made. */
const unverifiablePasskeyAssertion = () => ({
  id: 'c3dlZXAta2V5',
  rawId: 'c3dlZXAta2V5',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
  clientExtensionResults: {},
});
const unknownToken = () => `tok_${unique()}${unique()}${unique()}`;
const tinyPng = () =>
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Routes outside any tenant (auth, me, tenant creation, platform admin, invitee links). Where the operation
 * needs a secret the fixture cannot know (a mailed token), it gets a well-formed unknown one: the request is
 * valid input and answered 4xx by the domain, which is all the sweeps need of it.
 */
export const ACCOUNT_FIXTURES: Record<string, AccountFixture> = {
  'POST /api/v1/auth/register': () =>
    Promise.resolve({
      params: {},
      body: { email: `reg-${unique()}@example.test`, password: TEST_PASSWORD, name: 'New Person' },
    }),
  'POST /api/v1/auth/verify-email': () => Promise.resolve({ params: {}, body: { token: unknownToken() } }),
  'POST /api/v1/auth/resend-verification': () => Promise.resolve({ params: {}, body: { email: `nobody-${unique()}@example.test` } }),
  'POST /api/v1/auth/forgot-password': () => Promise.resolve({ params: {}, body: { email: `nobody-${unique()}@example.test` } }),
  'POST /api/v1/auth/reset-password': () => Promise.resolve({ params: {}, body: { token: unknownToken(), password: TEST_PASSWORD } }),
  'POST /api/v1/auth/logout': () => Promise.resolve({ params: {}, body: {} }),
  'POST /api/v1/auth/refresh': () => Promise.resolve({ params: {}, body: { refreshToken: unknownToken() } }),
  'POST /api/v1/auth/token/mfa': () => Promise.resolve({ params: {}, body: { mfaToken: `cmf_${unknownToken()}`, code: '123456' } }),
  'POST /api/v1/auth/token': (_t, caller) => Promise.resolve({ params: {}, body: { email: caller.email, password: TEST_PASSWORD } }),
  'GET /api/v1/me': () => Promise.resolve({ params: {} }),
  'PATCH /api/v1/me': () => Promise.resolve({ params: {}, body: { description: 'Keeps the batch records.' } }),
  'GET /api/v1/me/sessions': () => Promise.resolve({ params: {} }),
  'DELETE /api/v1/me/sessions/{id}': async (_t, caller) => {
    const session = await createSession(await getDb(), caller.id, { ip: '127.0.0.1', userAgent: 'second device' });
    return { params: { id: session.id } };
  },
  'PUT /api/v1/me/avatar': () => Promise.resolve({ params: {}, rawBody: tinyPng() }),
  'DELETE /api/v1/me/avatar': () => Promise.resolve({ params: {} }),
  // Second factors: each fixture starts from no factor (so no step-up is due) and leaves at most what its operation makes.
  'GET /api/v1/me/mfa': () => Promise.resolve({ params: {} }),
  'POST /api/v1/me/mfa/totp': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: {} };
  },
  'DELETE /api/v1/me/mfa/totp': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    await enrolTotpFor(caller);
    return { params: {} };
  },
  'POST /api/v1/me/mfa/totp/confirm': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: {}, body: { code: totpCode(await startTotpFor(caller)) } };
  },
  'POST /api/v1/me/mfa/recovery-codes': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    await enrolTotpFor(caller);
    return { params: {} };
  },
  'POST /api/v1/me/mfa/passkeys/options': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: {} };
  },
  'POST /api/v1/me/mfa/passkeys': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: {}, body: await unverifiablePasskeyBody(caller) };
  },
  'PATCH /api/v1/me/mfa/passkeys/{id}': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: { id: await storedPasskeyFor(caller) }, body: { name: 'Renamed key' } };
  },
  'DELETE /api/v1/me/mfa/passkeys/{id}': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: { id: await storedPasskeyFor(caller) } };
  },
  // Step-up checks: the caller needs a factor (else 409); a code of the next 30-second step is one not yet used.
  'POST /api/v1/me/mfa/verify': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    const { secret } = await enrolTotpFor(caller);
    return { params: {}, body: { code: totpCode(secret, 1) } };
  },
  'POST /api/v1/me/mfa/verify/passkey/options': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    await storedPasskeyFor(caller);
    return { params: {} };
  },
  // No authenticator answers here (the ceremony runs in Chromium, tests/e2e/mfa-sign-in): a caller without a factor
  // sends a well-formed answer and is told 409 (nothing to confirm); a wrong answer from one with a factor is 403 invalid_code.
  'POST /api/v1/me/mfa/verify/passkey': async (_t, caller) => {
    await clearSecondFactors(caller.id);
    return { params: {}, body: { challengeId: crypto.randomUUID(), response: unverifiablePasskeyAssertion() } };
  },
  'POST /api/v1/me/password': () => Promise.resolve({ params: {}, body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }),
  'GET /api/v1/users/{id}/avatar': (_t, caller) => Promise.resolve({ params: { id: caller.id } }),
  'POST /api/v1/tenants': () => Promise.resolve({ params: {}, body: { slug: `new-${unique()}`, name: 'New Tenant' } }),
  'GET /api/v1/admin/tenants': () => Promise.resolve({ params: {} }),
  'POST /api/v1/admin/tenants/{tenant}/domains/{id}/verify': async (t) => ({ params: { tenant: t.slug, id: await freshDomain(t) } }),
  'GET /api/v1/admin/tenants/{tenant}/domains': (t) => Promise.resolve({ params: { tenant: t.slug } }),
  'POST /api/v1/auth/sso-discovery': () => Promise.resolve({ params: {}, body: { email: `nobody-${unique()}@example.test` } }),
  'POST /api/v1/admin/tenants': (_t, caller) =>
    Promise.resolve({
      params: {},
      body: { slug: `adm-${unique()}`, name: 'Admin Made', plan: 'starter', adminEmail: caller.email },
    }),
  'DELETE /api/v1/admin/tenants/{tenant}': async () => {
    const slug = await spareTenant();
    return { params: { tenant: slug }, query: { confirm: slug } };
  },
  'PATCH /api/v1/admin/tenants/{tenant}': async () => ({ params: { tenant: await spareTenant() }, body: { plan: 'team' } }),
  'GET /api/v1/admin/audit-events': () => Promise.resolve({ params: {} }),
  'GET /api/v1/admin/users': () => Promise.resolve({ params: {} }),
  'POST /api/v1/admin/users/{id}/deactivate': async () => ({ params: { id: (await createUserWithSession('deactivate-me')).id }, body: {} }),
  'POST /api/v1/admin/users/{id}/reactivate': async () => {
    const user = await createUserWithSession('reactivate-me');
    await (await getDb()).update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
    return { params: { id: user.id } };
  },
  'GET /api/v1/invitations/{token}': () => Promise.resolve({ params: { token: unknownToken() } }),
  'POST /api/v1/invitations/{token}/accept': () =>
    Promise.resolve({
      params: { token: unknownToken() },
      body: { name: 'New Person', password: TEST_PASSWORD },
    }),
};

/** The fixture of any operation: a tenant fixture in `t`, or an account fixture for `caller`. */
export function fixtureOf(op: Operation): AccountFixture {
  const tenant = FIXTURES[op.key];
  if (tenant) return (t) => tenant(t);
  const account = ACCOUNT_FIXTURES[op.key];
  if (!account) throw new Error(`no fixture for ${op.key}: add one to tests/support/route-fixtures.ts`);
  return account;
}

/** Call an operation with a prepared request; `tenant` fills `{tenant}` unless the fixture set it. */
export function callPrepared(
  op: Operation,
  prepared: Prepared,
  options: { tenant?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  const params = { ...(op.tenantScoped && options.tenant ? { tenant: options.tenant } : {}), ...prepared.params };
  return call(op.handler, {
    method: op.spec.method,
    params,
    cookie: options.cookie,
    headers: options.headers,
    body: prepared.body,
    rawBody: prepared.rawBody,
    url: urlOf(prepared.query),
  });
}
