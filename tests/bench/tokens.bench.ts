// `npm run bench:tokens`: what signing a token costs. Tokens per second of bare jose `SignJWT` (ES256, the active
// signing key) next to Custos's own API access token (`signAccessToken`: the same signature plus the key-set lookup)
// and the OpenID Provider's client-credentials grant (a system JWT from POST /oidc/token, called in-process through
// the route's handler: client authentication, the member-free system access, the token recorded in
// oidc_issued_tokens), with the ratio to bare signing. Verification figures too. Prints figures, asserts nothing.
// Runs on DATABASE_URL when set (migrated first: npm run bench gives it a fresh, empty PostgreSQL database); otherwise
// on an in-memory PGlite.
import { randomUUID } from 'node:crypto';
import os from 'node:os';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';

const DURATION_MS = Number(process.env.TOKENS_BENCH_MS ?? 4_000);
const CONCURRENCY = Number(process.env.TOKENS_BENCH_CALLERS ?? 4);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

type Run = { count: number; perSecond: number; medianMs: number; p99Ms: number };

/** `work` over and over for DURATION_MS from `callers` concurrent loops (after a short warm-up). */
async function measure(callers: number, work: () => Promise<unknown>): Promise<Run> {
  for (let i = 0; i < 20; i++) await work();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await work();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: (sorted.length / elapsed) * 1000,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
  };
}

async function main() {
  const { SignJWT, jwtVerify, createLocalJWKSet } = await import('jose');
  const { closeDb, getDbHandle } = await import('@/db/client');
  const { migrate } = await import('@/db/migrate');
  const { loadSigningKeys } = await import('@/lib/keys/signing-keys');
  const { signAccessToken, verifyAccessToken } = await import('@/lib/auth/access-token');
  const { env } = await import('@/lib/platform/env');

  const handle = await getDbHandle();
  await migrate(handle);
  try {
    const keys = await loadSigningKeys();
    const { signing } = keys;
    const userId = randomUUID();
    const sessionId = randomUUID();

    // Bare jose: the claims of Custos's access token, the same key, nothing else.
    const bareSign = () => {
      const iat = Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: sessionId, typ: 'access' })
        .setProtectedHeader({ alg: 'ES256', kid: signing.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer('custos')
        .setAudience('custos-api')
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + 900)
        .sign(signing.privateKey);
    };
    const custosSign = () => signAccessToken({ userId, sessionId });

    const rows: Array<[string, Run, string]> = [];
    const bare1 = await measure(1, bareSign);
    const bareN = await measure(CONCURRENCY, bareSign);
    rows.push(['jose SignJWT ES256 (bare), 1 caller', bare1, 'baseline']);
    rows.push([`jose SignJWT ES256 (bare), ${CONCURRENCY} callers`, bareN, 'baseline']);
    const custos1 = await measure(1, custosSign);
    const custosN = await measure(CONCURRENCY, custosSign);
    rows.push(['signAccessToken, 1 caller', custos1, ratio(custos1, bare1)]);
    rows.push([`signAccessToken, ${CONCURRENCY} callers`, custosN, ratio(custosN, bareN)]);

    const token = await custosSign();
    const jwks = createLocalJWKSet({ keys: keys.publicJwks });
    const bareVerify = await measure(1, () => jwtVerify(token, jwks, { issuer: 'custos', audience: 'custos-api' }));
    const custosVerify = await measure(1, () => verifyAccessToken(token));
    rows.push(['jose jwtVerify against the JWKS (bare), 1 caller', bareVerify, 'baseline (verifying)']);
    rows.push(['verifyAccessToken, 1 caller', custosVerify, ratio(custosVerify, bareVerify)]);

    const op = await openIdProviderRows(CONCURRENCY, bare1, bareN);
    rows.push(...op.rows);

    const w0 = Math.max(...rows.map((r) => r[0].length));
    console.log(
      `\nToken signing benchmark · ${handle.kind} (${handle.kind === 'pglite' ? 'in memory' : handle.location}) · ES256 key ${signing.kid.slice(0, 12)}… · ` +
        `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load ${fmt(os.loadavg()[0], 2)} · Node ${process.version} · ${fmt(DURATION_MS / 1000, 1)} s per row\n`,
    );
    console.log(`${'measure'.padEnd(w0)}  ${'tokens/s'.padStart(9)}  ${'median'.padStart(9)}  ${'p99'.padStart(9)}  vs bare`);
    console.log(`${'-'.repeat(w0)}  ${'-'.repeat(9)}  ${'-'.repeat(9)}  ${'-'.repeat(9)}  -------`);
    for (const [label, run, note] of rows) {
      console.log(
        `${label.padEnd(w0)}  ${fmt(run.perSecond).padStart(9)}  ${`${fmt(run.medianMs, 3)} ms`.padStart(9)}  ${`${fmt(run.p99Ms, 3)} ms`.padStart(9)}  ${note}`,
      );
    }
    console.log(
      `\n"vs bare": tokens per second over bare jose's with as many callers (verifying: over jose's jwtVerify). Issuer ${env().APP_URL}. ${op.note}`,
    );
  } finally {
    await closeDb();
  }
}

/** This row's rate over the bare row's: 1.00× is as fast as bare jose, 0.05× twenty times slower. */
const ratio = (run: Run, baseline: Run) => `${fmt(run.perSecond / baseline.perSecond, 2)}×`;

/**
 * The OpenID Provider's client-credentials grant, in-process: a tenant, a system and a confidential client made
 * through the domain functions, then POST /oidc/token (basic auth, no scope or resource: the system's JWT access
 * token) through the route's handler. Skipped with a note when the provider is not there.
 */
async function openIdProviderRows(callers: number, bare1: Run, bareN: Run): Promise<{ rows: Array<[string, Run, string]>; note: string }> {
  let handleOidcRequest: (request: Request) => Promise<Response>;
  try {
    ({ handleOidcRequest } = await import('@/lib/oidc-provider/handle-request'));
  } catch (error) {
    return { rows: [], note: `OpenID Provider not measured: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { env } = await import('@/lib/platform/env');
  const { createTenantWithMembers } = await import('../support/fixtures');
  const { createSystemClient } = await import('../support/oidc-relying-party');
  const tenant = await createTenantWithMembers('enterprise');
  const client = await createSystemClient(tenant.users.admin, tenant.slug, {
    systemSlug: `bench-${randomUUID().slice(0, 6)}`,
    grantTypes: ['client_credentials'],
  });
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret ?? '')}`).toString('base64');
  const tokenUrl = `${env().APP_URL}/oidc/token`;
  const issue = async () => {
    const response = await handleOidcRequest(
      new Request(tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }),
    );
    if (response.status !== 200) throw new Error(`POST /oidc/token answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error('POST /oidc/token answered no access_token');
  };
  const one = await measure(1, issue);
  const many = await measure(callers, issue);
  return {
    rows: [
      ['OpenID Provider client credentials, 1 caller', one, ratio(one, bare1)],
      [`OpenID Provider client credentials, ${callers} callers`, many, ratio(many, bareN)],
    ],
    note: 'Client credentials: POST /oidc/token in-process through the route handler (client secret checked, system JWT signed and recorded in oidc_issued_tokens).',
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
