import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { now } from './clock';
import { getKv } from './kv';

type PurgeExpiredResult = {
  emailTokens: number;
  sessions: number;
  refreshTokens: number;
  challenges: number;
  /** The OpenID Provider's expired storage (sessions, interactions, grants, codes, tokens) and expired issued-JWT records. */
  providerRecords: number;
  kvEntries: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Housekeeping for the scheduled purge (cron route and CLI). Deletes what can never be used again:
 * - mail tokens (verification, reset) used or expired more than a day ago — kept a day so a late click
 *   still hears "this link expired" rather than "unknown link";
 * - refresh tokens that have expired, and every refresh token of an ended (revoked or expired) session.
 *   A spent token of a live session stays until it expires: presenting it again must still revoke its family;
 * - sessions revoked or expired more than 30 days ago (their list of recent sign-ins stays readable a while);
 * - half-done sign-ins (sign_in_challenges) and WebAuthn challenges used or expired more than a day ago;
 * - the OpenID Provider's expired rows (oidc_payloads: a spent code or rotated refresh token stays until it expires, so
 *   presenting it again still revokes its grant) and the records of its expired JWT access tokens (oidc_issued_tokens:
 *   an expired token introspects inactive by its own exp);
 * - expired entries of the Postgres kv store (Redis expires its own).
 * Returns how many of each went. `dryRun` counts the same rows and deletes nothing (its transaction is rolled back;
 * the kv store's expired entries are not counted then: 0).
 */
export async function purgeExpired(options: { dryRun?: boolean } = {}): Promise<PurgeExpiredResult> {
  const at = now();
  const current = at.toISOString();
  const dayAgo = new Date(at.getTime() - DAY_MS).toISOString();
  const monthAgo = new Date(at.getTime() - 30 * DAY_MS).toISOString();
  const db = await getDb();

  const rolledBack = new Error('dry run: rolled back');
  let previewed: Omit<PurgeExpiredResult, 'kvEntries'> | null = null;
  const counts = await db
    .transaction(async (tx) => {
      const count = async (deletion: ReturnType<typeof sql>) =>
        Number(
          rowsOf<{ n: number | string }>(
            await tx.execute(sql`with gone as (${deletion} returning 1) select count(*)::int as n from gone`),
          )[0].n,
        );
      const emailTokens = await count(sql`
      delete from email_tokens
      where used_at < ${dayAgo}::timestamptz or expires_at < ${dayAgo}::timestamptz`);
      const refreshTokens = await count(sql`
      delete from refresh_tokens
      where expires_at < ${current}::timestamptz
         or session_id in (select id from sessions where revoked_at is not null or expires_at < ${current}::timestamptz)`);
      const sessions = await count(sql`
      delete from sessions
      where revoked_at < ${monthAgo}::timestamptz or expires_at < ${monthAgo}::timestamptz`);
      const challenges =
        (await count(sql`
      delete from sign_in_challenges
      where used_at < ${dayAgo}::timestamptz or expires_at < ${dayAgo}::timestamptz`)) +
        (await count(sql`
      delete from webauthn_challenges
      where used_at < ${dayAgo}::timestamptz or expires_at < ${dayAgo}::timestamptz`));
      const providerRecords =
        (await count(sql`
      delete from oidc_payloads
      where expires_at < ${current}::timestamptz`)) +
        (await count(sql`
      delete from oidc_issued_tokens
      where expires_at < ${current}::timestamptz`));
      if (options.dryRun) {
        previewed = { emailTokens, refreshTokens, sessions, challenges, providerRecords };
        throw rolledBack;
      }
      return { emailTokens, refreshTokens, sessions, challenges, providerRecords };
    })
    .catch((error: unknown) => {
      if (error === rolledBack && previewed) return previewed;
      throw error;
    });
  if (options.dryRun) return { ...counts, kvEntries: 0 };

  // Outside the transaction: on PGlite the kv store shares the one connection.
  const kv = await getKv();
  // The Postgres store, and behind Upstash its fallback table (what was written while Upstash was unreachable).
  const kvEntries = kv.purgeExpired ? await kv.purgeExpired() : 0;
  return { ...counts, kvEntries };
}
