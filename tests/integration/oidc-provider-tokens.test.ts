import { and, eq, like } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberOverrides, memberRoles, memberships, rolePermissions, roles, systems } from '@/db/schema';
import { oidcIssuedTokens, oidcPayloads } from '@/db/schema/oidc';
import type { Actor } from '@/lib/context';
import { purgeExpired } from '@/lib/platform/purge-expired';
import { removeMember } from '@/lib/tenancy/remove-member';
import { suspendMember } from '@/lib/tenancy/suspend-member';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { createTenantWithMembers, createUserWithSession, unique, type TestTenant, type TestUser } from '../support/fixtures';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { getDb } from '@/db/client';
import {
  Browser,
  createSystemClient,
  discover,
  providerFetch,
  signInThrough,
  verifyWithJwks,
  type SystemClient,
} from '../support/oidc-relying-party';

// Tokens over their life: refresh rotation and reuse, introspection and revocation of the system JWT and of opaque
// tokens, a deny set after issue, a member suspended or removed, a system switched off — with openid-client as the
// downstream system and the real route handlers and database.

let t: TestTenant;
let ims: SystemClient;
let roleId: string;

const resource = () => `urn:custos:system:${ims.systemSlug}`;

function oauthErrorOf(error: unknown): string {
  const e = error as { error?: string; cause?: Array<{ parameters?: { error?: string } }> };
  return e.error ?? e.cause?.[0]?.parameters?.error ?? String(error);
}

const adminActor = (): Extract<Actor, { type: 'user' }> => ({
  type: 'user',
  id: t.users.admin.id,
  name: t.users.admin.name,
  email: t.users.admin.email,
  isPlatformAdmin: false,
  sessionId: t.users.admin.sessionId,
});
const asAdmin = <T>(fn: Parameters<typeof withTenantContext<T>>[3]) => withTenantContext(adminActor(), t.slug, { requestId: 'test' }, fn);

async function membershipOf(userId: string): Promise<string> {
  return withTenant(t.id, async (tx) => {
    const [row] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, userId)));
    return row.id;
  });
}

/** A new member of the tenant holding the IMS role (each test that changes a member gets its own). */
async function stockKeeper(): Promise<TestUser> {
  const user = await createUserWithSession('keeper');
  const db = await getDb();
  await db.transaction((tx) => addMember(tx, { tenantId: t.id, userId: user.id, roleIds: [t.roleIds.viewer] }));
  const membership = await membershipOf(user.id);
  await withTenant(t.id, (tx) => tx.insert(memberRoles).values({ tenantId: t.id, membershipId: membership, roleId }));
  return user;
}

async function introspect(token: string, client: SystemClient = ims) {
  const config = await discover(client);
  return oidc.tokenIntrospection(config, token);
}

beforeAll(async () => {
  t = await createTenantWithMembers();
  ims = await createSystemClient(t.users.admin, t.slug, { systemSlug: `ims-${unique()}` });
  await withTenant(t.id, async (tx) => {
    const [system] = await tx
      .select()
      .from(systems)
      .where(and(eq(systems.tenantId, t.id), eq(systems.slug, ims.systemSlug)));
    ims.systemId = system.id;
    const [role] = await tx
      .insert(roles)
      .values({ tenantId: t.id, name: `Stock keeper ${unique()}`, systemId: system.id })
      .returning();
    roleId = role.id;
    await tx.insert(rolePermissions).values([
      { tenantId: t.id, roleId: role.id, permission: `${ims.systemSlug}:stock.read` },
      { tenantId: t.id, roleId: role.id, permission: `${ims.systemSlug}:stock.adjust` },
    ]);
  });
});

describe('refresh tokens', () => {
  it('rotate at each use; a used one presented again revokes the grant (the live one and its JWTs too)', async () => {
    const user = await stockKeeper();
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const first = tokens.refresh_token!;
    const second = await oidc.refreshTokenGrant(config, first, { resource: resource() });
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first);
    expect((await introspect(second.access_token)).active).toBe(true);

    // The first refresh token again: refused, and the whole grant is gone.
    await expect(oidc.refreshTokenGrant(config, first).catch(oauthErrorOf)).resolves.toBe('invalid_grant');
    await expect(oidc.refreshTokenGrant(config, second.refresh_token!).catch(oauthErrorOf)).resolves.toBe('invalid_grant');
    expect((await introspect(second.access_token)).active).toBe(false);
  });
});

describe('introspection and revocation', () => {
  it("a system JWT introspects active with the member's current roles and permissions; revoked, it is inactive", async () => {
    const user = await stockKeeper();
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const system = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: resource() });
    const answer = await introspect(system.access_token);
    expect(answer).toMatchObject({
      active: true,
      sub: user.id,
      client_id: ims.clientId,
      aud: ims.clientId,
      tenant: t.slug,
      token_type: 'Bearer',
      permissions: [`${ims.systemSlug}:stock.adjust`, `${ims.systemSlug}:stock.read`],
    });
    expect(typeof answer.jti).toBe('string');

    await oidc.tokenRevocation(config, system.access_token);
    expect((await introspect(system.access_token)).active).toBe(false);
  });

  it('opaque access tokens and refresh tokens are introspected and revoked by oidc-provider', async () => {
    const user = await stockKeeper();
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    expect((await introspect(tokens.access_token)).active).toBe(true);
    expect(await introspect(tokens.refresh_token!)).toMatchObject({ active: true, client_id: ims.clientId, sub: user.id });
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    expect((await introspect(tokens.refresh_token!)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!).catch(oauthErrorOf)).resolves.toBe('invalid_grant');
  });

  it("another client cannot revoke a client's tokens (answered 200, nothing changes)", async () => {
    const user = await stockKeeper();
    const sibling = await createSystemClient(t.users.admin, t.slug, { systemSlug: ims.systemSlug, existingSystem: true });
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const system = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: resource() });
    const siblingConfig = await discover(sibling);
    await oidc.tokenRevocation(siblingConfig, system.refresh_token!);
    await oidc.tokenRevocation(siblingConfig, system.access_token);
    expect((await introspect(system.refresh_token!)).active).toBe(true);
    expect((await introspect(system.access_token)).active).toBe(true);
    // A client of the same system may introspect them.
    expect((await introspect(system.access_token, sibling)).active).toBe(true);
  });

  it("a client of another system may not introspect this system's tokens", async () => {
    const user = await stockKeeper();
    const other = await createSystemClient(t.users.admin, t.slug, { systemSlug: `tts-${unique()}` });
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const system = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: resource() });
    expect((await introspect(system.access_token, other)).active).toBe(false);
    expect((await introspect(system.access_token)).active).toBe(true);
  });

  it('a wrong secret at introspection of a JWT → 401 invalid_client; a JWT not signed by Custos goes to the provider', async () => {
    const config = await discover(ims);
    const cc = await oidc.clientCredentialsGrant(config);
    const wrong = await providerFetch(`${new URL(config.serverMetadata().introspection_endpoint!)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${ims.clientId}:wrong`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: cc.access_token }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const [h, p] = cc.access_token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(86)}`;
    expect((await introspect(forged)).active).toBe(false);
  });
});

describe('changes in Custos reach tokens at once', () => {
  it('a deny set after issue: introspection loses the permission now, the next refresh\u2019s JWT lacks it', async () => {
    const user = await stockKeeper();
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const before = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: resource() });
    expect((await verifyWithJwks(before.access_token, ims.clientId)).permissions).toContain(`${ims.systemSlug}:stock.adjust`);

    const membership = await membershipOf(user.id);
    await withTenant(t.id, (tx) =>
      tx
        .insert(memberOverrides)
        .values({ tenantId: t.id, membershipId: membership, permission: `${ims.systemSlug}:stock.adjust`, effect: 'deny' }),
    );
    const now = await introspect(before.access_token);
    expect(now.active).toBe(true);
    expect(now.permissions).toEqual([`${ims.systemSlug}:stock.read`]);
    const after = await oidc.refreshTokenGrant(config, before.refresh_token!, { resource: resource() });
    expect((await verifyWithJwks(after.access_token, ims.clientId)).permissions).toEqual([`${ims.systemSlug}:stock.read`]);
  });

  it('a member suspended: introspection inactive, refresh invalid_grant', async () => {
    const user = await stockKeeper();
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const system = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: resource() });
    const membership = await membershipOf(user.id);
    await asAdmin((ctx) => suspendMember(ctx, membership, { reason: 'on leave' }));
    expect((await introspect(system.access_token)).active).toBe(false);
    expect((await introspect(tokens.access_token)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, system.refresh_token!).catch(oauthErrorOf)).resolves.toBe('invalid_grant');
  });

  it('a member removed: introspection inactive, refresh invalid_grant', async () => {
    const user = await stockKeeper();
    const config = await discover(ims);
    const { tokens } = await signInThrough(config, new Browser(user.cookie), ims.redirectUri);
    const system = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: resource() });
    const membership = await membershipOf(user.id);
    await asAdmin((ctx) => removeMember(ctx, membership));
    expect((await introspect(system.access_token)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, system.refresh_token!).catch(oauthErrorOf)).resolves.toBe('invalid_grant');
  });

  it('an inactive system: its clients are refused (invalid_client) until it is switched on again', async () => {
    const own = await createSystemClient(t.users.admin, t.slug, { systemSlug: `off-${unique()}` });
    const config = await discover(own);
    await oidc.clientCredentialsGrant(config);
    const setActive = (active: boolean) =>
      withTenant(t.id, (tx) =>
        tx
          .update(systems)
          .set({ active })
          .where(and(eq(systems.tenantId, t.id), eq(systems.slug, own.systemSlug))),
      );
    await setActive(false);
    await expect(oidc.clientCredentialsGrant(config).catch(oauthErrorOf)).resolves.toBe('invalid_client');
    await setActive(true);
    expect((await oidc.clientCredentialsGrant(config)).access_token).toBeTruthy();
  });
});

describe('housekeeping', () => {
  it("the scheduled purge removes the provider's expired rows and expired JWT records, and keeps live ones", async () => {
    const db = await getDb();
    const id = unique();
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 60 * 60_000);
    await db.insert(oidcPayloads).values([
      { model: 'AuthorizationCode', id: `gone-${id}`, payload: {}, expiresAt: past },
      { model: 'AuthorizationCode', id: `live-${id}`, payload: {}, expiresAt: future },
    ]);
    const token = (jti: string, expiresAt: Date) => ({
      jti,
      tenantId: t.id,
      systemId: ims.systemId,
      clientId: ims.clientId,
      accountId: null,
      grantId: null,
      issuedAt: past,
      expiresAt,
    });
    await db.insert(oidcIssuedTokens).values([token(`gone-${id}`, past), token(`live-${id}`, future)]);
    await purgeExpired();
    const payloads = await db
      .select({ id: oidcPayloads.id })
      .from(oidcPayloads)
      .where(like(oidcPayloads.id, `%-${id}`));
    expect(payloads.map((row) => row.id)).toEqual([`live-${id}`]);
    const issued = await db
      .select({ jti: oidcIssuedTokens.jti })
      .from(oidcIssuedTokens)
      .where(like(oidcIssuedTokens.jti, `%-${id}`));
    expect(issued.map((row) => row.jti)).toEqual([`live-${id}`]);
  });
});
