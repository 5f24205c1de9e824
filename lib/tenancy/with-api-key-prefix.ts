import { sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { DatabaseUnavailableError, isConnectionError } from '@/lib/errors';

/**
 * Resolve a bearer API key before its tenant is known: a transaction that becomes `custos_app` with no
 * tenant and names the key's public prefix in `app.api_key_prefix`, in one statement. The api_keys
 * policy (drizzle/0008) then shows that single row, and nothing else of any tenant.
 * Same error handling as withTenant (lib/tenancy/with-tenant.ts).
 */
export async function withApiKeyPrefix<T>(prefix: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', '', true), set_config('app.user_id', '', true), set_config('app.api_key_prefix', ${prefix}, true)`,
      );
      return fn(tx);
    });
  } catch (error) {
    if (isConnectionError(error)) throw new DatabaseUnavailableError(error);
    throw error;
  }
}
