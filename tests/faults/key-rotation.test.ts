import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstreamService, type DownstreamService } from '../support/downstream-service';
import { E2E_AUTH_SECRET } from '../e2e/server';
import { histogram, signIn, sleep, startApp, startPostgres, type Client, type PrivatePostgres, type RunningServer } from './services';

// Signing keys rotated twice by the CLI while a downstream system keeps working, with no failed verification.
// The production build runs on a PostgreSQL of its own (the CLI opens the same database from another process, which
// PGlite cannot share). A confidential client of a system gets client-credentials tokens in a loop (two workers) and
// presents each to the downstream stand-in (tests/support/downstream-service.ts), which verifies them offline with
// jose's createRemoteJWKSet at its defaults: the key set is fetched once and again only for an unknown kid, at most
// every 30 s. Meanwhile `npm run keys:rotate` runs twice. Custos publishes each key one rotation before it signs, and
// every process picks a rotation up within the 30 s it caches its keys; the verifier must never meet a kid it cannot
// fetch. Nothing here asserts a duration: the test waits for what it needs and prints the figures.

const REPO = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * jose's default cooldown between two JWKS fetches is 30 s. A key published at rotation N signs from rotation N + 1,
 * so rotations closer together than the verifier's cooldown would hand out tokens under a key a verifier that fetched
 * just before rotation N cannot fetch yet: real rotations are days apart; here the second waits out the cooldown.
 */
const VERIFIER_COOLDOWN_MS = 30_000;

let pg: PrivatePostgres;
let app: RunningServer;
let admin: Client;
let ims: DownstreamService;
let config: oidc.Configuration;
const stamp = Date.now().toString(36);
const systemSlug = `ims-rot-${stamp}`;

/**
 * `npm run keys:rotate` against the server's database, with the server's AUTH_SECRET (the private keys are sealed under it).
 * `--force`: the CLI refuses a rotation within two minutes of the next key's publication (another instance's key cache,
 * the JWKS answer's HTTP cache and the verifier's cooldown); this test's one verifier fetches the JWKS itself without an
 * HTTP cache, and the test waits out its cooldown between the rotations.
 */
async function rotateKeys(): Promise<string> {
  const { stdout, stderr } = await run('npm', ['run', '--silent', 'keys:rotate', '--', '--force'], {
    cwd: REPO,
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: pg.url,
      AUTH_SECRET: E2E_AUTH_SECRET,
      APP_URL: app.url,
    },
    timeout: 120_000,
  });
  return `${stdout}${stderr}`.trim().replaceAll('\n', '\n      ');
}

beforeAll(async () => {
  pg = await startPostgres();
  app = await startApp(pg.url);
  admin = await signIn(app.url, 'admin@acme.test');
  const system = await admin.send('POST', '/api/v1/tenants/acme/systems', {
    slug: systemSlug,
    name: 'Inventory (rotation test)',
    permissions: ['stock.adjust'],
  });
  expect(system.status, await system.clone().text()).toBe(201);
  const created = await admin.send('POST', `/api/v1/tenants/acme/systems/${systemSlug}/clients`, {
    name: 'Stock sync job',
    type: 'confidential',
    redirectUris: [],
    grantTypes: ['client_credentials'],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { clientId, clientSecret } = (await created.json()) as { clientId: string; clientSecret: string };
  config = await oidc.discovery(new URL(app.url), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    execute: [oidc.allowInsecureRequests],
  });
  ims = await startDownstreamService({ issuer: app.url, audience: clientId, tenant: 'acme', systemSlug });
}, 180_000);

afterAll(async () => {
  await ims?.close();
  await app?.stop();
  await pg?.destroy();
});

describe('signing keys rotated during traffic', () => {
  it('two rotations by the CLI: every token verifies offline, the new keys sign, an old token still verifies', async () => {
    const startedAt = Date.now();
    const since = () => `+${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
    const statuses: number[] = [];
    const tokenErrors: string[] = [];
    let tokensIssued = 0;
    let firstToken: string | null = null;
    let running = true;

    const worker = async () => {
      while (running) {
        try {
          const { access_token } = await oidc.clientCredentialsGrant(config);
          tokensIssued += 1;
          firstToken ??= access_token;
          const res = await fetch(`${ims.url}/whoami`, { headers: { authorization: `Bearer ${access_token}` } });
          statuses.push(res.status);
          await res.body?.cancel();
        } catch (error) {
          tokenErrors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
        await sleep(100);
      }
    };
    const workers = [worker(), worker()];

    /** Waits (without a time limit of its own: the test's timeout bounds it) until the downstream has seen `count` kids. */
    const kidsSeen = async (count: number) => {
      while (ims.kids.size < count && tokenErrors.length === 0 && ims.failures.length === 0) await sleep(200);
    };
    const log: string[] = [];
    try {
      await kidsSeen(1);
      while (ims.verified < 20 && tokenErrors.length === 0) await sleep(100);
      log.push(`${since()} ${ims.verified} tokens verified under ${[...ims.kids.keys()].join(', ')}`);

      const firstRotation = Date.now();
      log.push(`${since()} rotation 1 started: ${await rotateKeys()}`);
      await kidsSeen(2);
      log.push(`${since()} new kid in use: ${[...ims.kids.keys()].at(-1)}`);

      while (Date.now() - firstRotation < VERIFIER_COOLDOWN_MS + 5_000) await sleep(250);
      log.push(`${since()} rotation 2 started: ${await rotateKeys()}`);
      await kidsSeen(3);
      log.push(`${since()} new kid in use: ${[...ims.kids.keys()].at(-1)}`);
      // A little more traffic on the newest key.
      const verifiedThen = ims.verified;
      while (ims.verified < verifiedThen + 20 && tokenErrors.length === 0 && ims.failures.length === 0) await sleep(100);
    } finally {
      running = false;
      await Promise.all(workers);
    }

    // A token signed before both rotations still verifies: its key is retired but stays published.
    const oldClaims = await ims.verify(firstToken!);
    expect(oldClaims.aud).toBe(config.clientMetadata().client_id);

    const jwks = (await (await fetch(ims.jwksUri)).json()) as { keys: Array<{ kid: string }> };
    const published = jwks.keys.map((k) => k.kid);

    console.log(
      [
        `key rotation under traffic (${systemSlug}):`,
        ...log.map((line) => `  ${line}`),
        `  tokens issued ${tokensIssued}, verified offline ${ims.verified}, failed ${ims.failures.length}; downstream answers: ${histogram(statuses)}`,
        `  kids seen: ${[...ims.kids.entries()].map(([kid, n]) => `${kid.slice(0, 10)}… × ${n}`).join(', ')}`,
        `  JWKS fetches by the verifier: ${ims.jwksFetches}; published now: ${published.length} keys`,
      ].join('\n'),
    );

    expect(tokenErrors).toEqual([]);
    expect(ims.failures).toEqual([]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(ims.kids.size).toBeGreaterThanOrEqual(3);
    // Every key that signed is still published (the two retired ones until their retire_until).
    for (const kid of ims.kids.keys()) expect(published).toContain(kid);
    // The third key was unknown to the verifier's first fetch: it fetched the key set again, and that sufficed.
    expect(ims.jwksFetches).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
