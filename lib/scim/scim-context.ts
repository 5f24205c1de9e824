import { sql } from 'drizzle-orm';
import type { TenantContext } from '@/lib/context';

/** What every SCIM operation receives: the tenant context of the token (actor `SCIM (<token name>)`) and its base URL. */
export type ScimContext = TenantContext & {
  /** The tenant's SCIM base URL as the client called it, `https://…/scim/v2/{tenant}`: resource locations start with it. */
  base: string;
};

/**
 * Run `fn` with the connection's own (owner) role inside the tenant's transaction, then return to `custos_app`: for
 * the few writes the runtime role may not make — creating an account for a person the directory provisions, and
 * changing the name or address of an account the directory made — and for reads across tenants (does the account
 * belong to another tenant too?). `app.tenant_id` stays set. Keep `fn` to those writes.
 */
export async function asOwner<T>(ctx: ScimContext, fn: () => Promise<T>): Promise<T> {
  await ctx.db.execute(sql`reset role`);
  try {
    return await fn();
  } finally {
    await ctx.db.execute(sql`select set_config('role', 'custos_app', true)`);
  }
}
