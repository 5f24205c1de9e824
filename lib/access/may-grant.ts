import type { TenantContext } from '@/lib/context';
import { forbidden } from '@/lib/errors';

/**
 * The quality decisions the role table withholds from admins for segregation of duties. Admins still
 * appoint the people who make them: see `appointingOther` below.
 */
export const APPOINTED_PERMISSIONS: ReadonlySet<string> = new Set(['batches.release', 'inspections.approve']);

/**
 * No escalation: which of `wanted` the actor may not hand out. You grant only what you hold, with two
 * refinements:
 * - a downstream system's keys (`<slug>:<resource.action>`) may be granted by holders of `systems.manage`
 *   (nobody holds a new system's keys);
 * - when appointing another member (roles or teams given to someone else — never to yourself), holders of
 *   `roles.manage` may also give `batches.release` and `inspections.approve`: appointing the QA people is an
 *   admin's job even though deciding quality is not.
 */
export function ungrantable(
  ctx: Pick<TenantContext, 'permissions'>,
  wanted: Iterable<string>,
  options: { appointingOther?: boolean } = {},
): string[] {
  const missing = new Set<string>();
  for (const permission of wanted) {
    if (ctx.permissions.has(permission)) continue;
    if (permission.includes(':') && ctx.permissions.has('systems.manage')) continue;
    if (options.appointingOther && APPOINTED_PERMISSIONS.has(permission) && ctx.permissions.has('roles.manage')) continue;
    missing.add(permission);
  }
  return [...missing].sort();
}

/** Refuse (403) when the actor would hand out a permission they may not grant. */
export function assertMayGrant(
  ctx: Pick<TenantContext, 'permissions'>,
  wanted: Iterable<string>,
  options: { appointingOther?: boolean } = {},
): void {
  const missing = ungrantable(ctx, wanted, options);
  if (missing.length > 0) throw forbidden(`You cannot grant permissions you do not hold: ${missing.join(', ')}.`);
}
