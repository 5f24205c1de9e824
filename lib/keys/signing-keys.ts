import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';
import { getDb } from '@/db/client';
import type { Queryable } from '@/db/client';
import { signingKeys } from '@/db/schema';
import type { SigningKeyState } from '@/db/schema';
import { now } from '@/lib/platform/clock';
import { sealedBox } from '@/lib/platform/sealed-box';
import { logger } from '@/lib/platform/logger';

/**
 * Custos's asymmetric signing keys (ES256, P-256), shared by every instance through the `signing_keys` table (owner
 * connection only: the runtime role has no grant). They sign the OpenID Provider's tokens and Custos's own API access
 * tokens.
 *
 * States: `next` (published, not signing yet), `active` (signs), `retired` (published until `retire_until`, then
 * deleted). The next key exists because verifiers downstream (jose's createRemoteJWKSet and the like) cache the JWKS
 * and refetch it on an unknown kid at most every 30 s: publishing a key one rotation before it signs means a rotation
 * never hands out a token whose key a verifier has not been able to see.
 *
 * Private JWKs are sealed at rest with AES-256-GCM under a key derived from AUTH_SECRET with HKDF (its own label), the
 * kid as additional data: a sealed key copied onto another row does not open. A key that does not open (AUTH_SECRET
 * changed) is skipped with a warning and, if that leaves no usable active or next key, new keys are made.
 */
export type SigningKeySet = {
  /** Changes whenever the published keys change (e.g. the kids joined): the provider rebuilds itself on change. */
  version: string;
  /** The key that signs now. */
  signing: { kid: string; alg: 'ES256'; privateKey: CryptoKey | KeyObject };
  /** Every published key WITH its private part, the active one first (oidc-provider's `jwks` config signs with the first key of an alg). */
  privateJwks: JWK[];
  /** What the JWKS endpoint publishes: active, next, and retired keys until their retire_until. Public parts only, each with kid, alg, use:'sig'. */
  publicJwks: JWK[];
};

export const SIGNING_ALG = 'ES256' as const;

/**
 * How long a retired key stays published. It must outlive every token the key signed: Custos's API access tokens live
 * 15 minutes and the OpenID Provider's access and ID tokens at most an hour, and another instance may still sign with
 * the retired key for up to the 30 s its key set is cached. A day covers all of these with room for a slow clock and
 * a provider configured with longer token lifetimes later; refresh tokens are opaque (stored), never signed.
 */
export const RETIRED_KEY_PUBLISHED_MS = 24 * 60 * 60 * 1000;

/** How long a process keeps its key set before reading the table again (another instance may have rotated). */
const CACHE_MS = 30_000;

/** pg_advisory_xact_lock key: every instance that creates, repairs or rotates keys takes it first. */
const LOCK_ID = 0x6b657973; // 'keys'

type Row = typeof signingKeys.$inferSelect;
type OpenedKey = { row: Row; privateJwk: JWK };

// ---------------------------------------------------------------------------------------------------------------
// Sealing

const privateKeyBox = sealedBox({ salt: 'custos/signing-keys', info: 'private-jwk/v1' });

/** The private JWK sealed for this kid: `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function sealPrivateJwk(privateJwk: JWK, kid: string): string {
  return privateKeyBox.seal(JSON.stringify(privateJwk), kid);
}

/** The private JWK, or null when it was not sealed for this kid under the current AUTH_SECRET. */
export function openPrivateJwk(sealed: string, kid: string): JWK | null {
  const plain = privateKeyBox.open(sealed, kid);
  if (plain === null) return null;
  try {
    return JSON.parse(plain) as JWK;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and repairing the table

/** Opens a row's private key; a key that does not open, or whose private part is not the published key's, is skipped. */
function openRow(row: Row): OpenedKey | null {
  const privateJwk = openPrivateJwk(row.privateJwkSealed, row.kid);
  if (!privateJwk || privateJwk.x !== row.publicJwk.x || privateJwk.y !== row.publicJwk.y || typeof privateJwk.d !== 'string') {
    logger.warn({ kid: row.kid, state: row.state }, 'signing key skipped: its private part does not open under the current AUTH_SECRET');
    return null;
  }
  return { row, privateJwk };
}

const isPublished = (row: Row, at: Date) => row.state !== 'retired' || (row.retireUntil !== null && row.retireUntil > at);

type Opened = { active: OpenedKey | null; next: OpenedKey | null; retired: OpenedKey[]; rows: Row[] };

function classify(rows: Row[], at: Date): Opened {
  const published = rows.filter((row) => isPublished(row, at));
  const newestFirst = (a: Row, b: Row) =>
    (b.activatedAt ?? b.createdAt).getTime() - (a.activatedAt ?? a.createdAt).getTime() || b.createdAt.getTime() - a.createdAt.getTime();
  const openedOf = (state: SigningKeyState) =>
    published
      .filter((row) => row.state === state)
      .sort(newestFirst)
      .map(openRow)
      .filter((key): key is OpenedKey => key !== null);
  return { active: openedOf('active')[0] ?? null, next: openedOf('next')[0] ?? null, retired: openedOf('retired'), rows };
}

async function newKeyRow(state: SigningKeyState, at: Date): Promise<typeof signingKeys.$inferInsert> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk, 'sha256');
  const { kty, crv, x, y } = privateJwk;
  const publicJwk = { kty: kty!, crv: crv!, x: x!, y: y!, kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    kid,
    alg: SIGNING_ALG,
    state,
    publicJwk,
    privateJwkSealed: sealPrivateJwk({ ...privateJwk, kid, alg: SIGNING_ALG, use: 'sig' }, kid),
    createdAt: at,
    activatedAt: state === 'active' ? at : null,
  };
}

async function deleteUnpublished(db: Queryable, at: Date): Promise<void> {
  await db.delete(signingKeys).where(and(eq(signingKeys.state, 'retired'), lte(signingKeys.retireUntil, at)));
}

/** Serialises every change to the table across instances (PostgreSQL and PGlite alike); released at commit. */
async function lockKeys(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_ID})`);
}

/**
 * Within a locked transaction: deletes retired keys past their retire_until, and makes sure a usable active and a
 * usable next key exist. A next key that does not open is deleted (it never signed anything) and replaced; an
 * active key that does not open is retired (tokens it signed stay verifiable wherever it still opens) and the next
 * key, already published, takes its place; with neither usable, a new active key is made.
 */
async function ensureUsableKeys(tx: Queryable, at: Date): Promise<Opened> {
  await deleteUnpublished(tx, at);
  let opened = classify(await tx.select().from(signingKeys), at);
  if (opened.active && opened.next) return opened;

  const retireUntil = new Date(at.getTime() + RETIRED_KEY_PUBLISHED_MS);
  const unusable = (state: SigningKeyState, usable: OpenedKey | null) =>
    opened.rows.filter((row) => row.state === state && row.kid !== usable?.row.kid).map((row) => row.kid);

  const deadNext = unusable('next', opened.next);
  if (deadNext.length > 0) await tx.delete(signingKeys).where(inArray(signingKeys.kid, deadNext));
  if (!opened.active) {
    const deadActive = unusable('active', null);
    if (deadActive.length > 0) {
      await tx.update(signingKeys).set({ state: 'retired', retiredAt: at, retireUntil }).where(inArray(signingKeys.kid, deadActive));
    }
    if (opened.next) {
      await tx.update(signingKeys).set({ state: 'active', activatedAt: at }).where(eq(signingKeys.kid, opened.next.row.kid));
    } else {
      await tx.insert(signingKeys).values(await newKeyRow('active', at));
    }
  }
  await tx.insert(signingKeys).values(await newKeyRow('next', at));
  opened = classify(await tx.select().from(signingKeys), at);
  if (!opened.active || !opened.next) throw new Error('signing keys: the keys just made do not open');
  return opened;
}

async function assemble(opened: Opened, at: Date): Promise<{ set: SigningKeySet; validUntil: number }> {
  const { active, next, retired } = opened;
  if (!active || !next) throw new Error('signing keys: no usable active and next key');
  const published = [active, next, ...retired];
  const privateJwks = published.map(({ row, privateJwk }) => ({ ...privateJwk, kid: row.kid, alg: SIGNING_ALG, use: 'sig' }));
  const publicJwks = published.map(({ row }) => {
    const { kty, crv, x, y } = row.publicJwk;
    return { kty, crv, x, y, kid: row.kid, alg: SIGNING_ALG, use: 'sig' };
  });
  const privateKey = (await importJWK(privateJwks[0], SIGNING_ALG)) as CryptoKey | KeyObject;
  const version = createHash('sha256')
    .update(published.map(({ row }) => `${row.state}:${row.kid}`).join(','))
    .digest('base64url')
    .slice(0, 16);
  // The set is good until the cache window ends or the first retired key stops being published, whichever is first.
  const retireTimes = retired.map(({ row }) => row.retireUntil!.getTime());
  const validUntil = Math.min(at.getTime() + CACHE_MS, ...retireTimes);
  return { set: { version, signing: { kid: active.row.kid, alg: SIGNING_ALG, privateKey }, privateJwks, publicJwks }, validUntil };
}

// ---------------------------------------------------------------------------------------------------------------
// The process's cache

type Cached = {
  set: SigningKeySet;
  /** Application-clock ms until which the set may be used (the cache window or the first retire_until). */
  validUntil: number;
  loadedAt: number;
  loadedAtReal: number;
  publicKeys: Map<string, Promise<CryptoKey | KeyObject>>;
};
type Cache = { cached: Cached | null; pending: Promise<Cached> | null; generation: number };
// On globalThis: Next's route bundles, instrumentation and the tests each load this module, and must share one set.
const store = globalThis as unknown as { __custosSigningKeys?: Cache };
const cache: Cache = (store.__custosSigningKeys ??= { cached: null, pending: null, generation: 0 });

/** An unknown kid reads the table again at most this often. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

function fresh(entry: Cached | null): entry is Cached {
  if (!entry) return false;
  const clock = now().getTime();
  // Both the application clock (tests move it, either way) and the real one bound the cache.
  return clock < entry.validUntil && clock >= entry.loadedAt && Date.now() - entry.loadedAtReal < CACHE_MS;
}

async function readKeys(): Promise<Cached> {
  const db = await getDb();
  const at = now();
  const loadedAtReal = Date.now();
  const rows = await db.select().from(signingKeys);
  // Retired keys past their retire_until are no longer published; the first read after that deletes them.
  if (rows.some((row) => !isPublished(row, at))) await deleteUnpublished(db, at);
  let opened = classify(rows, at);
  if (!opened.active || !opened.next) {
    opened = await db.transaction(async (tx) => {
      await lockKeys(tx);
      return ensureUsableKeys(tx, at);
    });
  }
  const { set, validUntil } = await assemble(opened, at);
  return { set, validUntil, loadedAt: at.getTime(), loadedAtReal, publicKeys: new Map() };
}

async function currentEntry(): Promise<Cached> {
  if (fresh(cache.cached)) return cache.cached;
  if (!cache.pending) {
    const generation = cache.generation;
    const pending = readKeys().then((entry) => {
      if (cache.generation === generation) cache.cached = entry;
      return entry;
    });
    cache.pending = pending;
    const settled = () => {
      if (cache.pending === pending) cache.pending = null;
    };
    pending.then(settled, settled);
  }
  return cache.pending;
}

/** The published keys and the one that signs now; read from the table at most every 30 s (first use creates them). */
export async function loadSigningKeys(): Promise<SigningKeySet> {
  return (await currentEntry()).set;
}

/** Drops the cached key set (tests; after a rotation in this process). */
export function forgetSigningKeys(): void {
  cache.generation += 1;
  cache.cached = null;
  cache.pending = null;
}

/**
 * The public key of a published kid, for verifying a token; null when no published key has that kid. An unknown kid
 * reads the table again (another instance may have rotated since), at most once every few seconds, so tokens with
 * made-up kids cannot turn every request into a database read.
 */
export async function publishedKey(kid: string): Promise<CryptoKey | KeyObject | null> {
  let entry = await currentEntry();
  let jwk = entry.set.publicJwks.find((key) => key.kid === kid);
  const age = Math.max(Date.now() - entry.loadedAtReal, now().getTime() - entry.loadedAt);
  if (!jwk && age >= UNKNOWN_KID_RELOAD_MS) {
    forgetSigningKeys();
    entry = await currentEntry();
    jwk = entry.set.publicJwks.find((key) => key.kid === kid);
  }
  if (!jwk) return null;
  let key = entry.publicKeys.get(kid);
  if (!key) {
    key = importJWK(jwk, SIGNING_ALG) as Promise<CryptoKey | KeyObject>;
    entry.publicKeys.set(kid, key);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------------------------
// Rotation

/**
 * Rotates the keys: the active key retires (published for RETIRED_KEY_PUBLISHED_MS more), the next key, published
 * since the last rotation, starts signing, and a new next key is published. Retired keys past their retire_until
 * are deleted. Other instances pick the change up within the 30 s they cache their key set; until then they sign with
 * the retired key, which stays published.
 */
export async function rotateSigningKeys(): Promise<SigningKeyRotation> {
  return (await rotateAndDescribeSigningKeys()).rotation;
}

export type SigningKeyRotation = { active: string; next: string; retired: string[] };

/**
 * The rotation and every key in the table after it (for the CLI). `dryRun`: the same work in a transaction that is
 * rolled back, so what it reports is exactly what a rotation would do now (keys made first on an empty table,
 * expired ones deleted), and nothing changes.
 */
export async function rotateAndDescribeSigningKeys(
  options: { dryRun?: boolean } = {},
): Promise<{ rotation: SigningKeyRotation; keys: SigningKeyStatus[] }> {
  const db = await getDb();
  const at = now();
  const rolledBack = new Error('dry run: rolled back');
  let preview: { rotation: SigningKeyRotation; keys: SigningKeyStatus[] } | null = null;
  const result = await db
    .transaction(async (tx) => {
      await lockKeys(tx);
      const { active, next } = await ensureUsableKeys(tx, at);
      await tx
        .update(signingKeys)
        .set({ state: 'retired', retiredAt: at, retireUntil: new Date(at.getTime() + RETIRED_KEY_PUBLISHED_MS) })
        .where(eq(signingKeys.kid, active!.row.kid));
      await tx.update(signingKeys).set({ state: 'active', activatedAt: at }).where(eq(signingKeys.kid, next!.row.kid));
      const newNext = await newKeyRow('next', at);
      await tx.insert(signingKeys).values(newNext);
      const rows = await tx.select().from(signingKeys);
      const opened = classify(rows, at);
      const done = {
        rotation: { active: next!.row.kid, next: newNext.kid, retired: opened.retired.map(({ row }) => row.kid) },
        keys: describeRows(rows),
      };
      if (options.dryRun) {
        preview = done;
        throw rolledBack;
      }
      return done;
    })
    .catch((error: unknown) => {
      if (error === rolledBack && preview) return preview;
      throw error;
    });
  if (!options.dryRun) forgetSigningKeys();
  return result;
}

export type SigningKeyStatus = {
  kid: string;
  state: SigningKeyState;
  createdAt: Date;
  activatedAt: Date | null;
  retireUntil: Date | null;
  /** Whether its private part opens under this process's AUTH_SECRET. */
  usable: boolean;
};

/** Every key in the table, for the CLI: active, next, then retired (the latest retired first). */
export async function describeSigningKeys(): Promise<SigningKeyStatus[]> {
  const db = await getDb();
  return describeRows(await db.select().from(signingKeys));
}

function describeRows(rows: Row[]): SigningKeyStatus[] {
  const order: Record<SigningKeyState, number> = { active: 0, next: 1, retired: 2 };
  return [...rows]
    .sort(
      (a, b) =>
        order[a.state] - order[b.state] ||
        (b.retireUntil?.getTime() ?? 0) - (a.retireUntil?.getTime() ?? 0) ||
        b.createdAt.getTime() - a.createdAt.getTime(),
    )
    .map((row) => ({
      kid: row.kid,
      state: row.state,
      createdAt: row.createdAt,
      activatedAt: row.activatedAt,
      retireUntil: row.retireUntil,
      usable: openPrivateJwk(row.privateJwkSealed, row.kid) !== null,
    }));
}
