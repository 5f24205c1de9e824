import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { callStatementFunction, type StatementFunction } from '@/db/statement-functions';
import { memberAccessOfRows, memberAccessQuery, type MemberAccess, type MemberAccessRow } from '@/lib/access/member-access';
import { apiKeyByPrefixQuery, apiKeyOfRow, type ApiKeyQueryRow, type ApiKeyRow } from '@/lib/access/resolve-api-key';

export type ApiKeyFacts = {
  /** The tenant's key with the presented prefix (row-level security shows this tenant's keys only); null: none here. */
  row: ApiKeyRow | null;
  /** The key creator's access in this tenant (suspended members included); null when not a member. */
  member: MemberAccess | null;
};

/**
 * What a tenant request by an API key needs before its work, in ONE statement inside the tenant's transaction, sent
 * right behind the tenant setup: the key's row by its public prefix and its creator's access. Each part is the query
 * of its own module (resolve-api-key.ts, member-access.ts), carried as a JSON column so the statement returns one
 * row; row-level security applies to both as it did when they were two statements. The secret, revocation and
 * expiry are checked by the caller (apiKeyActor).
 */
export function apiKeyFactsQuery(tenantId: string, prefix: string): SQL {
  return sql`
      select (select row_to_json(k) from (${apiKeyByPrefixQuery(prefix)}) k) as key,
             (select json_agg(a) from (${memberAccessQuery(tenantId, { apiKeyPrefix: prefix }, { includeSuspended: true })}) a) as access`;
}

/**
 * apiKeyFactsQuery as the database function api_key_facts (db/statement-functions.ts: planned once per connection,
 * also behind PgBouncer in transaction mode, where nothing is prepared; drizzle/0045).
 */
export const API_KEY_FACTS: StatementFunction = {
  name: 'api_key_facts',
  args: [
    { name: 'p_tenant_id', type: 'uuid' },
    { name: 'p_prefix', type: 'text' },
  ],
  columns: [
    { name: 'key', type: 'json' },
    { name: 'access', type: 'json' },
  ],
  query: apiKeyFactsQuery,
};

/** The facts of API_KEY_FACTS for the key with `prefix` in the tenant of `tx` (its setup sent just before). */
export async function loadApiKeyFacts(tx: Tx, tenantId: string, prefix: string): Promise<ApiKeyFacts> {
  const [row] = rowsOf<{ key: ApiKeyQueryRow | null; access: MemberAccessRow[] | null }>(
    await tx.execute(callStatementFunction(API_KEY_FACTS, tenantId, prefix)),
  );
  return { row: apiKeyOfRow(row?.key), member: memberAccessOfRows(row?.access ?? []) };
}
