import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { getDb } from '@/db/client';
import { oidcIssuedTokens, oidcPayloads } from '@/db/schema/oidc';
import { findClientForProvider } from '@/lib/oidc-clients/find-client-for-provider';
import { clientMetadata } from './client-metadata';

/**
 * oidc-provider's storage on the database (`oidc_payloads`, owner connection): sessions, interactions, grants,
 * authorization codes, refresh tokens and opaque access tokens, one row per model and id, shared by every instance
 * (PGlite or PostgreSQL). Expired rows are never found (the scheduled purge deletes them later). Clients are not
 * stored here: the `Client` model reads the system's client afresh on every lookup, so a client removed, a system
 * switched off or a tenant suspended is refused on the next request.
 */
export class DatabaseAdapter implements Adapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (this.model === 'Client') throw new Error('clients are registered through the Custos API');
    const db = await getDb();
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const row = {
      model: this.model,
      id,
      payload: payload as Record<string, unknown>,
      grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
      userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expiresAt,
    };
    await db
      .insert(oidcPayloads)
      .values(row)
      .onConflictDoUpdate({
        target: [oidcPayloads.model, oidcPayloads.id],
        set: { payload: row.payload, grantId: row.grantId, userCode: row.userCode, uid: row.uid, expiresAt, consumedAt: null },
      });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') {
      const client = await findClientForProvider(id);
      return client ? clientMetadata(client) : undefined;
    }
    return this.findWhere(eq(oidcPayloads.id, id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere(eq(oidcPayloads.uid, uid));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere(eq(oidcPayloads.userCode, userCode));
  }

  async consume(id: string): Promise<void> {
    const db = await getDb();
    await db
      .update(oidcPayloads)
      .set({ consumedAt: new Date() })
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
  }

  async destroy(id: string): Promise<void> {
    const db = await getDb();
    await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
  }

  /**
   * A grant revoked (a used refresh token presented again, a revocation, a sign-out): oidc-provider calls this on each
   * model's adapter (and destroys the Grant itself). The AccessToken model's call also marks the JWT access tokens issued
   * under the grant revoked, so introspection answers inactive for them.
   */
  async revokeByGrantId(grantId: string): Promise<void> {
    const db = await getDb();
    await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.grantId, grantId)));
    if (this.model === 'AccessToken') await markGrantTokensRevoked(grantId);
  }

  private async findWhere(condition: ReturnType<typeof eq>): Promise<AdapterPayload | undefined> {
    const db = await getDb();
    const [row] = await db
      .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
      .from(oidcPayloads)
      .where(
        and(
          eq(oidcPayloads.model, this.model),
          condition,
          or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, sql`${new Date().toISOString()}::timestamptz`)),
        ),
      )
      .limit(1);
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    // oidc-provider reads `consumed` to detect a second use (a code or a rotated refresh token presented again).
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }
}

/** Mark every JWT access token issued under a grant revoked. */
export async function markGrantTokensRevoked(grantId: string): Promise<void> {
  const db = await getDb();
  await db
    .update(oidcIssuedTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(oidcIssuedTokens.grantId, grantId), isNull(oidcIssuedTokens.revokedAt)));
}
