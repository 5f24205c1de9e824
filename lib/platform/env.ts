import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies, type TrustedProxies } from '@/lib/http/client-address';

/**
 * Every environment variable Custos reads, validated once at start-up.
 * `loadEnv` is pure (tests call it with any source); `env()` reads process.env, memoised.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl.optional(),
  PGLITE_DIR: optionalString,
  /**
   * The job engine's own connection (lib/jobs/engine.ts): a direct, session-mode one to the same database when
   * DATABASE_URL goes through PgBouncer in transaction mode (LISTEN/NOTIFY needs a session). Default DATABASE_URL.
   */
  JOBS_DATABASE_URL: postgresUrl.optional(),
  DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  APP_URL: z.url({ message: 'must be an absolute URL such as https://custos.example.com' }).default('http://localhost:3000'),
  RESEND_API_KEY: optionalString,
  /** Where the Resend API lives; tests point it at a local stand-in. */
  RESEND_BASE_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  EMAIL_FROM: optionalString,
  UPSTASH_REDIS_REST_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  DEV_MAILBOX: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Optional sign-in providers, each switched on by its pair (OIDC: issuer, id and secret together). */
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  AUTH_OIDC_ISSUER: z.url({ message: 'must be the issuer URL, such as https://login.example.com' }).optional(),
  AUTH_OIDC_ID: optionalString,
  AUTH_OIDC_SECRET: optionalString,
  AUTH_OIDC_NAME: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  SEED_ON_START: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  /** Requests per minute allowed to each API key (lib/access/api-key-rate-limit.ts). */
  API_KEY_RATE_LIMIT: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(600),
  /** A running serial job whose heartbeat is older than this is taken over by another runner (lib/serials/run-serial-job.ts). */
  SERIAL_JOBS_STALE_AFTER_SECONDS: z.coerce.number().int('must be a whole number').min(2, 'must be at least 2').default(60),
  /**
   * The job engine (pg-boss, lib/jobs/engine.ts: serial generation, mail, webhooks, the schedules) in a long-running
   * server; 0 turns it off there, for `npm run worker` processes to run the jobs instead.
   */
  JOBS_ENABLED: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  /** The scheduled cleanup deletes accounts with no sign-in for this many days (lib/jobs/schedules.ts). */
  INACTIVE_ACCOUNT_DAYS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650')
    .default(90),
  /**
   * Whether platform administrators must have a second factor (lib/auth/mfa-policy.ts): `required` by default in
   * production, `optional` otherwise; demo and test deployments set `optional`.
   */
  PLATFORM_ADMIN_MFA: z.enum(['required', 'optional'], { message: 'must be required or optional' }).optional(),
  /** Tenant OIDC connections may name an http:// issuer (tests and local identity providers only; never in production). */
  SSO_ALLOW_HTTP: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  /** 1: webhook endpoints may be on loopback, private or link-local addresses (and plain http), for tests and on-premises sites. */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  /** Proxies whose X-Forwarded-For is believed: comma-separated CIDRs, or `vercel` (lib/http/client-address.ts). */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context): TrustedProxies => {
      const parsed = parseTrustedProxies(value);
      if (parsed.ok) return parsed.proxies;
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
});

type Env = z.infer<typeof schema> & { AUTH_SECRET: string; AUTH_SECRET_SOURCE: 'env' | 'generated' };

type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

type Source = Record<string, string | undefined>;

export function loadEnv(source: Source, options: { dataDir?: string } = {}): EnvResult {
  // Treat empty strings as unset so `FOO=` in a .env file does not trip validation.
  const cleaned: Source = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  // Links default to where `next dev` / `next start` listen.
  cleaned.APP_URL ??= `http://localhost:${source.PORT || 3000}`;
  // On Vercel (which sets VERCEL=1) the TCP peer is Vercel's own edge: believe the address Vercel forwards.
  if (source.VERCEL === '1') cleaned.TRUSTED_PROXIES ??= 'vercel';
  const parsed = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(`${name}: ${issue.message}`);
    }
  }
  const data = parsed.success ? parsed.data : undefined;
  const production = (data?.NODE_ENV ?? cleaned.NODE_ENV) === 'production';

  if (production && !cleaned.AUTH_SECRET) {
    problems.push('AUTH_SECRET: required in production (generate one with: openssl rand -base64 32)');
  }
  if (Boolean(cleaned.RESEND_API_KEY) !== Boolean(cleaned.EMAIL_FROM)) {
    problems.push('RESEND_API_KEY and EMAIL_FROM: set both to send mail through Resend, or neither to keep mail in the outbox');
  }
  if (Boolean(cleaned.UPSTASH_REDIS_REST_URL) !== Boolean(cleaned.UPSTASH_REDIS_REST_TOKEN)) {
    problems.push('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: set both to use Upstash, or neither to use Postgres');
  }
  for (const provider of ['GITHUB', 'GOOGLE'] as const) {
    if (Boolean(cleaned[`AUTH_${provider}_ID`]) !== Boolean(cleaned[`AUTH_${provider}_SECRET`])) {
      problems.push(
        `AUTH_${provider}_ID and AUTH_${provider}_SECRET: set both to offer ${provider === 'GITHUB' ? 'GitHub' : 'Google'} sign-in, or neither`,
      );
    }
  }
  const oidc = [cleaned.AUTH_OIDC_ISSUER, cleaned.AUTH_OIDC_ID, cleaned.AUTH_OIDC_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    problems.push('AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET: set all three to offer single sign-on, or none');
  }
  if (problems.length > 0 || !data) return { ok: false, problems };

  let secret = data.AUTH_SECRET;
  let secretSource: Env['AUTH_SECRET_SOURCE'] = 'env';
  if (!secret) {
    secret = developmentSecret(options.dataDir ?? dataDirectory());
    secretSource = 'generated';
  }
  return { ok: true, env: { ...data, AUTH_SECRET: secret, AUTH_SECRET_SOURCE: secretSource } };
}

/** `.data/` beside the project: the embedded database and the development secret live here. */
function dataDirectory(): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), '.data');
}

/** Outside production a missing AUTH_SECRET is generated once and kept in `.data/auth-secret`. */
function developmentSecret(dir: string): string {
  const file = path.join(dir, 'auth-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

const globalEnv = globalThis as unknown as { __custosEnv?: Env };

/** The validated environment; throws EnvError listing every problem, one line each. */
export function env(): Env {
  if (globalEnv.__custosEnv) return globalEnv.__custosEnv;
  const result = loadEnv(process.env);
  if (!result.ok) throw new EnvError(result.problems);
  globalEnv.__custosEnv = result.env;
  return result.env;
}

/** Forget the memoised environment (tests change process.env between cases). */
export function resetEnv(): void {
  globalEnv.__custosEnv = undefined;
}
