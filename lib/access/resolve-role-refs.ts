import { and, eq, inArray, or } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { roles } from '@/db/schema';
import { validationFailed, type FieldError } from '@/lib/errors';
import { isUuid } from '@/lib/keyset-cursor';

/**
 * Role references of a request body (lib/access/role-ref-schemas.ts) as the tenant's role ids, in order, each once.
 * A reference is a role's id or its exact, case-sensitive name; one shaped like an id is matched as an id first. An
 * unknown reference, or another tenant's role id, is an error naming `field.i`.
 *
 * Names are unique per system, not per tenant (`roles_tenant_system_name_key`): "Admin" may be a role of IMS and
 * another of TTS, or of a system and of the tenant. A name that matches more than one role is an error naming
 * `field.i` that asks for the id. We do not guess from context: these bodies (a member's, a team's, an invitation's,
 * an SSO connection's roles) may take roles of any system or none, so no context makes one of them the meant one, and
 * picking the tenant-level role silently would give someone a different role from the one the caller had in mind.
 */
export async function lookUpRoleRefs(
  db: Queryable,
  tenantId: string,
  refs: readonly string[],
  field: string,
): Promise<{ ids: string[]; errors: FieldError[] }> {
  if (refs.length === 0) return { ids: [], errors: [] };
  const ids = refs.filter(isUuid);
  const rows = await db
    .select({ id: roles.id, name: roles.name })
    .from(roles)
    .where(
      and(
        eq(roles.tenantId, tenantId),
        ids.length > 0 ? or(inArray(roles.id, ids), inArray(roles.name, [...refs])) : inArray(roles.name, [...refs]),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r.id]));
  const byName = new Map<string, string[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r.id]);
  const resolved: string[] = [];
  const errors: FieldError[] = [];
  refs.forEach((ref, i) => {
    const named = byName.get(ref) ?? [];
    const id = (isUuid(ref) ? byId.get(ref.toLowerCase()) : undefined) ?? (named.length === 1 ? named[0] : undefined);
    if (id === undefined && named.length > 1) {
      errors.push({
        path: `${field}.${i}`,
        message: `${named.length} roles are named ${ref} (in different systems); give the role's id instead.`,
      });
    } else if (id === undefined) errors.push({ path: `${field}.${i}`, message: 'No role with this id or name in this tenant.' });
    else if (!resolved.includes(id)) resolved.push(id);
  });
  return { ids: resolved, errors };
}

/** `lookUpRoleRefs`, refusing (400) when a reference names no role of the tenant. */
export async function resolveRoleRefs(db: Queryable, tenantId: string, refs: readonly string[], field: string): Promise<string[]> {
  const { ids, errors } = await lookUpRoleRefs(db, tenantId, refs, field);
  if (errors.length > 0) throw validationFailed(errors);
  return ids;
}
