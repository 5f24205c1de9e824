import { hkdfSync, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as refreshPOST } from '@/app/api/v1/auth/refresh/route';
import { POST as tokenPOST } from '@/app/api/v1/auth/token/route';
import { GET as meGET } from '@/app/api/v1/me/route';
import { getDb } from '@/db/client';
import { insertUser } from '@/lib/auth/create-user';
import { verifyAccessToken } from '@/lib/auth/access-token';
import { forgetSigningKeys, loadSigningKeys, RETIRED_KEY_PUBLISHED_MS, rotateSigningKeys, sealPrivateJwk } from '@/lib/keys/signing-keys';
import { signingKeys } from '@/db/schema';
import { setClock } from '@/lib/platform/clock';
import { env } from '@/lib/platform/env';
import { call, unique } from '../support/fixtures';
import { useOwnDatabase } from '../support/own-database';

// Custos's own API access tokens on the asymmetric signing keys: POST /api/v1/auth/token and refresh sign ES256 with
// the active key (kid in the header); verification picks the published key by kid, accepts HS256 tokens from before
// the change until they expire, and never takes a downstream system's OpenID access token (same keys) for one.
// On PostgreSQL the file runs in a database of its own: it rotates the keys and moves the clock past a retirement.

const PASSWORD = 'correct horse battery staple';
const BASE = 'http://localhost/api/v1/auth';
const ip = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

let dropOwnDatabase: () => Promise<void>;
beforeAll(async () => {
  dropOwnDatabase = await useOwnDatabase();
});
afterAll(async () => {
  await dropOwnDatabase();
});
afterEach(() => {
  setClock();
  forgetSigningKeys();
});

const token = (body: unknown) => call(tokenPOST, { method: 'POST', url: `${BASE}/token`, body, headers: { 'x-forwarded-for': ip() } });
const refresh = (refreshToken: string) => call(refreshPOST, { method: 'POST', url: `${BASE}/refresh`, body: { refreshToken } });
const me = (accessToken: string) => call(meGET, { url: 'http://localhost/api/v1/me', headers: { authorization: `Bearer ${accessToken}` } });

async function signIn() {
  const db = await getDb();
  const email = `keys-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: 'Kim Keys', password: PASSWORD, verified: true });
  const res = await token({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  const pair = res.json as { accessToken: string; refreshToken: string };
  return { user, pair, sessionId: decodeJwt(pair.accessToken).sid as string };
}

/** A token signed with the active key by hand (jose), with claims of our choosing. */
async function signWithActiveKey(header: { typ: string }, claims: Record<string, unknown>, lifetimeSeconds = 600) {
  const keys = await loadSigningKeys();
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: keys.signing.kid, ...header })
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(keys.signing.privateKey);
}

/** How access tokens were signed before the asymmetric keys: HS256 under a key derived from AUTH_SECRET. */
function legacyHs256Token(claims: { userId: string; sessionId: string }, iat = Math.floor(Date.now() / 1000)) {
  const key = new Uint8Array(hkdfSync('sha256', env().AUTH_SECRET, 'custos', 'custos access token v1', 32));
  return new SignJWT({ sid: claims.sessionId, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer('custos')
    .setAudience('custos-api')
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + 900)
    .sign(key);
}

describe('Custos API access tokens on the signing keys', () => {
  it('POST /auth/token signs ES256 with the active key; anyone can check the signature against the published keys', async () => {
    const { user, pair, sessionId } = await signIn();
    const keys = await loadSigningKeys();
    expect(decodeProtectedHeader(pair.accessToken)).toEqual({ alg: 'ES256', kid: keys.signing.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(pair.accessToken, createLocalJWKSet({ keys: keys.publicJwks }), {
      issuer: 'custos',
      audience: 'custos-api',
      typ: 'JWT',
    });
    expect(payload).toMatchObject({ sub: user.id, sid: sessionId, typ: 'access', jti: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(await verifyAccessToken(pair.accessToken)).toEqual({ userId: user.id, sessionId });
    expect((await me(pair.accessToken)).status).toBe(200);
  });

  it('across a rotation: a token from before keeps working, refresh signs with the new active key', async () => {
    const { user, pair, sessionId } = await signIn();
    const before = decodeProtectedHeader(pair.accessToken).kid;
    const rotated = await rotateSigningKeys();
    expect(rotated.retired).toContain(before);

    expect((await me(pair.accessToken)).status).toBe(200);
    const renewed = await refresh(pair.refreshToken);
    expect(renewed.status).toBe(200);
    expect(decodeProtectedHeader(renewed.json.accessToken as string).kid).toBe(rotated.active);
    expect(await verifyAccessToken(renewed.json.accessToken as string)).toEqual({ userId: user.id, sessionId });
    expect(await verifyAccessToken(pair.accessToken)).toEqual({ userId: user.id, sessionId });
  });

  it('a token whose key is no longer published fails, even before it expires', async () => {
    const { user, sessionId } = await signIn();
    // Custos's claims, but two days to live: only the key's retirement can end it within the day.
    const longLived = await signWithActiveKey(
      { typ: 'JWT' },
      { iss: 'custos', aud: 'custos-api', typ: 'access', sub: user.id, sid: sessionId },
      2 * 24 * 3600,
    );
    expect(await verifyAccessToken(longLived)).toEqual({ userId: user.id, sessionId });
    await rotateSigningKeys();
    expect(await verifyAccessToken(longLived)).toEqual({ userId: user.id, sessionId });
    setClock({ advanceMs: RETIRED_KEY_PUBLISHED_MS + 1000 });
    expect(await verifyAccessToken(longLived)).toBeNull();
  });

  it('accepts an HS256 token from before the change until it expires, and no longer', async () => {
    const { user, sessionId } = await signIn();
    const legacy = await legacyHs256Token({ userId: user.id, sessionId });
    expect(await verifyAccessToken(legacy)).toEqual({ userId: user.id, sessionId });
    expect((await me(legacy)).status).toBe(200);
    setClock({ advanceMs: 901_000 });
    expect(await verifyAccessToken(legacy)).toBeNull();
  });

  it("never takes a downstream system's OpenID access token (same keys) for a Custos API token", async () => {
    const { user, sessionId } = await signIn();
    const clientId = `cus_${unique()}`;
    const systemClaims = {
      iss: env().APP_URL,
      aud: clientId,
      sub: user.id,
      client_id: clientId,
      scope: 'openid profile',
      tenant: 'acme',
      roles: ['Stock keeper'],
      permissions: ['ims:stock.adjust'],
    };
    const systemToken = await signWithActiveKey({ typ: 'at+jwt' }, systemClaims);
    // It is a good token of the same keys — a downstream verifier accepts it …
    const { publicJwks } = await loadSigningKeys();
    await expect(
      jwtVerify(systemToken, createLocalJWKSet({ keys: publicJwks }), { audience: clientId, typ: 'at+jwt' }),
    ).resolves.toBeTruthy();
    // … but not Custos's API.
    expect(await verifyAccessToken(systemToken)).toBeNull();
    const res = await me(systemToken);
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');

    // Each of Custos's marks is needed on its own: a system token made to look like one in every other respect fails.
    const custos = { iss: 'custos', aud: 'custos-api', typ: 'access', sub: user.id, sid: sessionId };
    const lookalikes = [
      await signWithActiveKey({ typ: 'at+jwt' }, custos), // header typ of an OpenID access token
      await signWithActiveKey({ typ: 'JWT' }, { ...custos, aud: clientId }), // audience a client
      await signWithActiveKey({ typ: 'JWT' }, { ...custos, iss: env().APP_URL }), // the provider as issuer
      await signWithActiveKey({ typ: 'JWT' }, { ...custos, typ: undefined }), // no typ: access claim
    ];
    for (const lookalike of lookalikes) expect(await verifyAccessToken(lookalike)).toBeNull();
    expect(await verifyAccessToken(await signWithActiveKey({ typ: 'JWT' }, custos))).toEqual({ userId: user.id, sessionId });
  });

  it('refuses ES256 tokens under an unpublished key, an unknown kid, or another algorithm', async () => {
    const { user, sessionId } = await signIn();
    const claims = { sid: sessionId, typ: 'access' };
    const stranger = await generateKeyPair('ES256', { extractable: true });
    const strangerKid = await calculateJwkThumbprint(await exportJWK(stranger.publicKey));
    const { signing } = await loadSigningKeys();
    const sign = (kid: string, key: CryptoKey) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer('custos')
        .setAudience('custos-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);
    expect(await verifyAccessToken(await sign(strangerKid, stranger.privateKey))).toBeNull();
    expect(await verifyAccessToken(await sign(signing.kid, stranger.privateKey))).toBeNull();
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, sub: user.id, iss: 'custos', aud: 'custos-api', exp: 9e9, iat: 1 }),
    ).toString('base64url')}.`;
    expect(await verifyAccessToken(unsigned)).toBeNull();
    expect(await verifyAccessToken('not.a.token')).toBeNull();
    expect((await me(await sign(strangerKid, stranger.privateKey))).status).toBe(401);
  });
  it('a key another instance published since this one last read the keys is found by its kid (reads again at most every 5 s)', async () => {
    const { user, sessionId } = await signIn();
    // This process reads the keys now (not a cached set of unknown age), so the check below runs well within 5 s of it.
    forgetSigningKeys();
    const seen = await loadSigningKeys();
    // Another instance's rotation, straight in the table: the former next key signs now, a new next is published.
    // This process does not know yet; its cache still names the old active key.
    const db = await getDb();
    const formerNext = seen.privateJwks[1];
    const [oldActive, oldNext] = seen.publicJwks.map((jwk) => jwk.kid!);
    const stranger = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(stranger.privateKey);
    const kid = await calculateJwkThumbprint(privateJwk);
    const { kty, crv, x, y } = privateJwk;
    await db
      .update(signingKeys)
      .set({ state: 'retired', retiredAt: new Date(), retireUntil: new Date(Date.now() + 86_400_000) })
      .where(eq(signingKeys.kid, oldActive));
    await db.update(signingKeys).set({ state: 'active', activatedAt: new Date() }).where(eq(signingKeys.kid, oldNext));
    await db.insert(signingKeys).values({
      kid,
      alg: 'ES256',
      state: 'next',
      publicJwk: { kty: kty!, crv: crv!, x: x!, y: y!, kid, alg: 'ES256', use: 'sig' },
      privateJwkSealed: sealPrivateJwk({ ...privateJwk, kid, alg: 'ES256', use: 'sig' }, kid),
    });

    // A token the other instance signs with the key it just published (next keys do not sign; this one does so that
    // the only way to know it is to read the table again).
    const custos = { iss: 'custos', aud: 'custos-api', typ: 'access', sub: user.id, sid: sessionId };
    const underNewKey = await new SignJWT(custos)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(stranger.privateKey);
    // Under the former next key, which this process already publishes: accepted straight away.
    const underFormerNext = await new SignJWT(custos)
      .setProtectedHeader({ alg: 'ES256', kid: formerNext.kid!, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(await importJWK(formerNext, 'ES256'));
    expect(await verifyAccessToken(underFormerNext)).toEqual({ userId: user.id, sessionId });
    // The unknown kid within 5 s of the last read: no second read, refused.
    expect(await verifyAccessToken(underNewKey)).toBeNull();
    // Later: the unknown kid makes the process read the keys again, and it is found.
    setClock({ advanceMs: 6_000 });
    expect(await verifyAccessToken(underNewKey)).toEqual({ userId: user.id, sessionId });
    expect((await loadSigningKeys()).signing.kid).toBe(oldNext);
  });
});
