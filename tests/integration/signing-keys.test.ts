import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { calculateJwkThumbprint, createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { signingKeys } from '@/db/schema';
import {
  describeSigningKeys,
  forgetSigningKeys,
  loadSigningKeys,
  openPrivateJwk,
  RETIRED_KEY_PUBLISHED_MS,
  rotateSigningKeys,
} from '@/lib/keys/signing-keys';
import { signAccessToken } from '@/lib/auth/access-token';
import { NEXT_KEY_MIN_AGE_MS } from '@/lib/keys/policy';
import { rotateSigningKeysReport } from '@/lib/keys/rotation-report';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { useOwnDatabase } from '../support/own-database';

// The signing keys (lib/keys/signing-keys.ts) on this run's database — PGlite, or PostgreSQL in a database of this
// file's own (it empties, rotates and purges the keys every other file signs with). Tokens are verified by jose
// against the published JWKS, as a downstream system would.

let dropOwnDatabase: () => Promise<void>;
beforeAll(async () => {
  dropOwnDatabase = await useOwnDatabase();
});
afterAll(async () => {
  await dropOwnDatabase();
});

beforeEach(async () => {
  const db = await getDb();
  await db.delete(signingKeys);
  forgetSigningKeys();
});
afterEach(() => {
  setClock();
  forgetSigningKeys();
});

async function rows() {
  const db = await getDb();
  return db.select().from(signingKeys);
}

const states = async () =>
  (await rows())
    .map((row) => row.state)
    .sort()
    .join(',');

async function signWithActive(claims: Record<string, unknown> = {}) {
  const keys = await loadSigningKeys();
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: keys.signing.kid, typ: 'JWT' })
    .setIssuer('keys-test')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(keys.signing.privateKey);
}

/** Verifies as a downstream system would: against the JWKS as published now (jose picks the key by kid). */
async function verifyAgainstPublished(token: string) {
  forgetSigningKeys();
  const { publicJwks } = await loadSigningKeys();
  return jwtVerify(token, createLocalJWKSet({ keys: publicJwks }), { issuer: 'keys-test', algorithms: ['ES256'] });
}

describe('signing keys', () => {
  it('creates an active and a next key on first use and publishes both, public parts only', async () => {
    expect(await rows()).toHaveLength(0);
    const keys = await loadSigningKeys();
    expect(await states()).toBe('active,next');
    expect(keys.publicJwks).toHaveLength(2);
    expect(keys.privateJwks).toHaveLength(2);

    const table = await rows();
    const active = table.find((row) => row.state === 'active')!;
    const next = table.find((row) => row.state === 'next')!;
    expect(keys.signing).toMatchObject({ kid: active.kid, alg: 'ES256' });
    // Active first, in both lists (oidc-provider signs with the first key of an alg).
    expect(keys.publicJwks.map((jwk) => jwk.kid)).toEqual([active.kid, next.kid]);
    expect(keys.privateJwks.map((jwk) => jwk.kid)).toEqual([active.kid, next.kid]);

    for (const jwk of keys.publicJwks) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(jwk).not.toHaveProperty('d');
      // kid = RFC 7638 thumbprint of the public key.
      expect(await calculateJwkThumbprint(jwk, 'sha256')).toBe(jwk.kid);
    }
    for (const jwk of keys.privateJwks) {
      expect(jwk).toMatchObject({ alg: 'ES256', use: 'sig', d: expect.any(String) });
      // Sealed at rest: the private scalar is nowhere in the row.
      const row = table.find((r) => r.kid === jwk.kid)!;
      expect(JSON.stringify(row)).not.toContain(jwk.d);
      expect(row.privateJwkSealed).toMatch(/^v1\./);
    }

    // A token signed with the active key verifies against the published keys.
    const { payload, protectedHeader } = await verifyAgainstPublished(await signWithActive({ n: 1 }));
    expect(payload.n).toBe(1);
    expect(protectedHeader.kid).toBe(active.kid);
  });

  it('keeps the set for its cache window: a second load reads nothing new', async () => {
    const first = await loadSigningKeys();
    const db = await getDb();
    await db.delete(signingKeys);
    expect(await loadSigningKeys()).toBe(first);
    // The clock 30 s on: read again (the table is empty now, so new keys).
    setClock({ advanceMs: 30_001 });
    const later = await loadSigningKeys();
    expect(later.signing.kid).not.toBe(first.signing.kid);
    expect(later.version).not.toBe(first.version);
  });

  it('concurrent first loads, each reading the table itself, make exactly one active and one next key', async () => {
    const loads = Array.from({ length: 6 }, () => {
      const load = loadSigningKeys();
      forgetSigningKeys(); // the next load does not share this one
      return load;
    });
    const sets = await Promise.all(loads);
    expect(await states()).toBe('active,next');
    expect(new Set(sets.map((set) => set.signing.kid)).size).toBe(1);
    expect(new Set(sets.map((set) => set.version)).size).toBe(1);
  });

  it('rotation: the former next key signs, the former active stays published, its tokens still verify', async () => {
    const before = await loadSigningKeys();
    const oldToken = await signWithActive({ signed: 'before' });
    const [oldActive, oldNext] = before.publicJwks.map((jwk) => jwk.kid!);

    const rotated = await rotateSigningKeys();
    expect(rotated.active).toBe(oldNext);
    expect(rotated.retired).toEqual([oldActive]);
    expect(rotated.next).not.toBe(oldActive);
    expect(rotated.next).not.toBe(oldNext);

    const after = await loadSigningKeys();
    expect(after.version).not.toBe(before.version);
    expect(after.signing.kid).toBe(oldNext);
    expect(after.publicJwks.map((jwk) => jwk.kid)).toEqual([oldNext, rotated.next, oldActive]);
    expect(after.privateJwks.map((jwk) => jwk.kid)).toEqual([oldNext, rotated.next, oldActive]);
    expect(after.publicJwks.some((jwk) => 'd' in jwk)).toBe(false);

    const retiredRow = (await rows()).find((row) => row.kid === oldActive)!;
    expect(retiredRow.state).toBe('retired');
    expect(retiredRow.retireUntil!.getTime() - retiredRow.retiredAt!.getTime()).toBe(RETIRED_KEY_PUBLISHED_MS);

    expect((await verifyAgainstPublished(oldToken)).payload.signed).toBe('before');
    const newToken = await signWithActive({ signed: 'after' });
    const verified = await verifyAgainstPublished(newToken);
    expect(verified.protectedHeader.kid).toBe(oldNext);

    const listed = await describeSigningKeys();
    expect(listed.map((key) => [key.kid, key.state, key.usable])).toEqual([
      [oldNext, 'active', true],
      [rotated.next, 'next', true],
      [oldActive, 'retired', true],
    ]);
  });

  it('a retired key is gone after its retire_until, and so are its tokens', async () => {
    const t0 = new Date('2031-03-01T10:00:00Z');
    setClock({ at: t0 });
    await loadSigningKeys();
    const oldToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: (await loadSigningKeys()).signing.kid })
      .setIssuer('keys-test')
      .sign((await loadSigningKeys()).signing.privateKey);
    const { retired } = await rotateSigningKeys();

    // Just before retire_until it is still published.
    setClock({ at: new Date(t0.getTime() + RETIRED_KEY_PUBLISHED_MS - 1000) });
    expect((await verifyAgainstPublished(oldToken)).protectedHeader.kid).toBe(retired[0]);

    // At retire_until the cached set expires on its own (no forget), and the key is no longer published.
    const cachedJustBefore = await loadSigningKeys();
    setClock({ at: new Date(t0.getTime() + RETIRED_KEY_PUBLISHED_MS) });
    const atRetirement = await loadSigningKeys();
    expect(atRetirement).not.toBe(cachedJustBefore);
    expect(atRetirement.publicJwks.map((jwk) => jwk.kid)).not.toContain(retired[0]);
    expect(atRetirement.publicJwks).toHaveLength(2);
    await expect(verifyAgainstPublished(oldToken)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);

    // That read deleted it from the table too.
    expect((await rows()).map((row) => row.kid)).not.toContain(retired[0]);
    expect(await states()).toBe('active,next');
  });

  it('a sealed private key copied onto another kid does not open: that key is skipped and replaced', async () => {
    const keys = await loadSigningKeys();
    const [activeKid, nextKid] = keys.publicJwks.map((jwk) => jwk.kid!);
    const db = await getDb();
    const [active] = await db.select().from(signingKeys).where(eq(signingKeys.kid, activeKid));
    expect(openPrivateJwk(active.privateJwkSealed, nextKid)).toBeNull();
    expect(openPrivateJwk(active.privateJwkSealed, activeKid)).toMatchObject({ d: expect.any(String) });

    await db.update(signingKeys).set({ privateJwkSealed: active.privateJwkSealed }).where(eq(signingKeys.kid, nextKid));
    forgetSigningKeys();
    const repaired = await loadSigningKeys();
    expect(repaired.signing.kid).toBe(activeKid);
    const kids = repaired.publicJwks.map((jwk) => jwk.kid);
    expect(kids).toHaveLength(2);
    expect(kids).not.toContain(nextKid);
    expect((await rows()).map((row) => row.kid)).not.toContain(nextKid);
  });

  it('after AUTH_SECRET changes, keys that no longer open are skipped and new ones made, without a crash', async () => {
    const before = await loadSigningKeys();
    const saved = process.env.AUTH_SECRET;
    try {
      process.env.AUTH_SECRET = 'another secret entirely, at least thirty-two characters long';
      resetEnv();
      forgetSigningKeys();
      const after = await loadSigningKeys();
      const beforeKids = before.publicJwks.map((jwk) => jwk.kid);
      expect(after.publicJwks).toHaveLength(2);
      for (const jwk of after.publicJwks) expect(beforeKids).not.toContain(jwk.kid);
      // The old active key is retired (still verifiable wherever the old secret opens it), the old next key gone.
      const table = await rows();
      expect(table.find((row) => row.kid === beforeKids[0])?.state).toBe('retired');
      expect(table.find((row) => row.kid === beforeKids[1])).toBeUndefined();
      expect(await states()).toBe('active,next,retired');
      const token = await signWithActive();
      expect((await verifyAgainstPublished(token)).protectedHeader.kid).toBe(after.signing.kid);
    } finally {
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
      resetEnv();
    }
  });

  it('rotation on an empty table makes keys first, then rotates them', async () => {
    const rotated = await rotateSigningKeys();
    expect(await states()).toBe('active,next,retired');
    expect((await loadSigningKeys()).publicJwks.map((jwk: JWK) => jwk.kid)).toEqual([rotated.active, rotated.next, ...rotated.retired]);
  });
  it('the table itself refuses a second active or next key', async () => {
    const keys = await loadSigningKeys();
    const db = await getDb();
    const [active] = await db.select().from(signingKeys).where(eq(signingKeys.state, 'active'));
    for (const state of ['active', 'next'] as const) {
      const copy = { ...active, kid: `copy-${state}-${keys.version}`, state };
      await expect(db.insert(signingKeys).values(copy)).rejects.toThrow();
    }
    expect(await states()).toBe('active,next');
  });
  it('a verifier on jose createRemoteJWKSet (its defaults) meets no unknown kid during traffic and a rotation', async () => {
    // The JWKS as an endpoint publishes it, read afresh per request; the verifier fetches it on its own terms: once,
    // and again for an unknown kid only after its 30 s cooldown.
    let fetches = 0;
    const server = createServer((_request, response) => {
      fetches += 1;
      loadSigningKeys().then(
        ({ publicJwks }) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: publicJwks })),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const jwks = createRemoteJWKSet(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`));
      const verify = (token: string) => jwtVerify(token, jwks, { issuer: 'custos', audience: 'custos-api', algorithms: ['ES256'] });
      const claims = { userId: crypto.randomUUID(), sessionId: crypto.randomUUID() };

      const failures: unknown[] = [];
      const kidsVerified = new Set<string>();
      let rotated = false;
      const worker = async () => {
        for (let i = 0; i < 40; i++) {
          if (i === 20 && !rotated) {
            rotated = true;
            await rotateSigningKeys();
          }
          try {
            kidsVerified.add((await verify(await signAccessToken(claims))).protectedHeader.kid!);
          } catch (error) {
            failures.push(error);
          }
        }
      };
      const before = (await loadSigningKeys()).signing.kid;
      await Promise.all([worker(), worker(), worker()]);
      const after = (await loadSigningKeys()).signing.kid;
      expect(failures).toEqual([]);
      expect([...kidsVerified].sort()).toEqual([before, after].sort());
      // The key that signs after the rotation was in the first fetch already: the verifier never needed another.
      expect(fetches).toBe(1);

      // Why the next key exists: a key that signs as soon as it is made is unknown to that verifier, which may not
      // fetch again yet — every token under it fails until the cooldown ends.
      const db = await getDb();
      await db
        .update(signingKeys)
        .set({ state: 'retired', retiredAt: new Date(), retireUntil: new Date(Date.now() + 3_600_000) })
        .where(eq(signingKeys.state, 'active'));
      await db.delete(signingKeys).where(eq(signingKeys.state, 'next'));
      forgetSigningKeys(); // the next load makes a new active key (and a next)
      const unannounced = await signAccessToken(claims);
      await expect(verify(unannounced)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
  it("the CLI's report: a dry run changes nothing and names what a rotation would do; the real one says what it did", async () => {
    const keys = await loadSigningKeys();
    const [active, next] = keys.publicJwks.map((jwk) => jwk.kid!);
    const before = JSON.stringify(await rows());

    const dry = await rotateSigningKeysReport({ dryRun: true, force: true });
    expect(JSON.stringify(await rows())).toBe(before);
    expect(dry).toMatch(/^Dry run: /);
    expect(dry).toContain(`active   ${next}  signs from now (was next)`);
    expect(dry).toMatch(new RegExp(`retired  ${active}  published until \\d{4}-\\d\\d-\\d\\dT`));

    const real = await rotateSigningKeysReport({ force: true });
    const retireUntil = (await rows()).find((row) => row.kid === active)!.retireUntil!.toISOString();
    const newNext = (await rows()).find((row) => row.state === 'next')!.kid;
    expect(real.split('\n')).toEqual([
      'Rotated the signing keys (ES256):',
      `  active   ${next}  signs from now (was next)`,
      `  next     ${newNext}  published, signs from the next rotation (new)`,
      `  retired  ${active}  published until ${retireUntil}, then deleted`,
      'Other servers pick the rotation up within 30 s; until then they sign with the retired key, which stays published.',
    ]);
    expect((await loadSigningKeys()).signing.kid).toBe(next);
  });
  it('refuses a rotation while the next key is younger than two minutes (verifiers may not have it), unless forced', async () => {
    await rotateSigningKeysReport({ force: true }); // a next key published just now
    const before = JSON.stringify(await rows());
    await expect(rotateSigningKeysReport()).rejects.toThrow(
      /published \d+ s ago; downstream verifiers may not have it yet. Rotate again in 1[0-2]\d s, or pass --force/,
    );
    expect(JSON.stringify(await rows())).toBe(before);
    // A dry run does the same check.
    await expect(rotateSigningKeysReport({ dryRun: true })).rejects.toThrow(/or pass --force/);

    setClock({ advanceMs: NEXT_KEY_MIN_AGE_MS - 1_000 });
    await expect(rotateSigningKeysReport()).rejects.toThrow(/Rotate again in [12] s/);
    setClock({ advanceMs: NEXT_KEY_MIN_AGE_MS });
    const next = (await rows()).find((row) => row.state === 'next')!.kid;
    expect(await rotateSigningKeysReport()).toContain(`active   ${next}  signs from now (was next)`);
  });
});
