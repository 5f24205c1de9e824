import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { loadMemberAccess } from './member-access';

/** What a downstream system needs to know about itself to issue or check a member's token. */
export type SystemForTokens = { id: string; slug: string; active: boolean };

/** A member's access as one downstream system sees it: role names, and full `<slug>:` permission keys. */
export type SystemAccess = { roles: string[]; permissions: string[] };

/** The system with this id in the tenant of `tx` (a `withTenant` transaction), or null when it has none. */
export async function findSystemForTokens(tx: Tx, tenantId: string, systemId: string): Promise<SystemForTokens | null> {
  const [row] = rowsOf<SystemForTokens>(
    await tx.execute(sql`select s.id, s.slug, s.active from systems s where s.tenant_id = ${tenantId} and s.id = ${systemId}::uuid`),
  );
  return row ?? null;
}

/**
 * A member's effective roles and permissions for one downstream system, by the same evaluator (explicit deny wins):
 * roles = names of the system's roles they hold directly or through a team; permissions = their effective keys
 * starting with `<slug>:` (full keys, e.g. `ims:stock.adjust`). null when the user is not an active member of the
 * tenant (removed, suspended, account deactivated) or the tenant is suspended. An inactive system: roles and
 * permissions empty (its keys evaluate to deny).
 *
 * One query (loadMemberAccess's); `tx` is a `withTenant(tenantId, …)` transaction. This is on the token path: the
 * provider calls it when it issues, refreshes and introspects a system's token, so a change in Custos shows there.
 */
export async function loadSystemAccess(tx: Tx, tenantId: string, userId: string, system: SystemForTokens): Promise<SystemAccess | null> {
  const member = await loadMemberAccess(tx, tenantId, userId);
  if (!member || member.status !== 'active' || member.accountDeactivated || member.tenant.status !== 'active') return null;
  return systemView(member, system);
}

/** The part of a member's access that belongs to `system` (empty for an inactive system). */
export function systemView(
  member: { heldRoles: ReadonlyArray<{ name: string; systemId: string | null }>; permissions: ReadonlySet<string> },
  system: SystemForTokens,
): SystemAccess {
  if (!system.active) return { roles: [], permissions: [] };
  const prefix = `${system.slug}:`;
  const roles = new Set(member.heldRoles.filter((r) => r.systemId === system.id).map((r) => r.name));
  return {
    roles: [...roles].sort(),
    permissions: [...member.permissions].filter((p) => p.startsWith(prefix)).sort(),
  };
}
