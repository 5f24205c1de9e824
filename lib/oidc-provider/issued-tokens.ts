import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { oidcIssuedTokens } from '@/db/schema/oidc';

/**
 * The provider's record of every JWT access token it issued (oidc-provider keeps no copy of structured tokens):
 * introspection answers from a token's id, revocation marks it, and a revoked grant marks all of its tokens.
 * Owner connection (the runtime role has no grant on the table).
 */
export type IssuedToken = typeof oidcIssuedTokens.$inferSelect;

export async function recordIssuedToken(token: {
  jti: string;
  tenantId: string;
  systemId: string;
  clientId: string;
  accountId: string | null;
  grantId: string | null;
  issuedAt: Date;
  expiresAt: Date;
}): Promise<void> {
  const db = await getDb();
  await db.insert(oidcIssuedTokens).values(token);
}

export async function findIssuedToken(jti: string): Promise<IssuedToken | null> {
  const db = await getDb();
  const [row] = await db.select().from(oidcIssuedTokens).where(eq(oidcIssuedTokens.jti, jti)).limit(1);
  return row ?? null;
}

/** Marks one token revoked (the first revocation's time stays). */
export async function revokeIssuedToken(jti: string): Promise<void> {
  const db = await getDb();
  await db
    .update(oidcIssuedTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(oidcIssuedTokens.jti, jti), isNull(oidcIssuedTokens.revokedAt)));
}
