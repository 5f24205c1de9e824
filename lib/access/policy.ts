/**
 * The access rules, as pure functions: who may grant what, who may manage whom, and the last-admin rule.
 * No database access and no server-only imports: the server loads the facts and calls these; console
 * components import the same functions to decide what to offer and to say why not.
 */
import { permissionTitle } from './permission-catalog';
import { PERMISSIONS } from './permissions';

/** A set of permission keys (effective permissions, or what a role, team or key carries). */
export type Held = ReadonlySet<string>;

/**
 * The quality decisions the role table withholds from admins for segregation of duties. Admins still
 * appoint the people who make them (see `ungrantable`).
 */
export const APPOINTED_PERMISSIONS: ReadonlySet<string> = new Set(['batches.release', 'inspections.approve']);

/** What the default admin role carries: the catalog minus the appointed quality decisions. */
export const ADMIN_PERMISSIONS: readonly string[] = PERMISSIONS.filter((p) => !APPOINTED_PERMISSIONS.has(p));

const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

/**
 * Which of `wanted` the actor does not hold. The rule for what only you yourself may pass on as-is:
 * API-key scopes and direct grants (overrides).
 */
export function unheld(held: Held, wanted: Iterable<string>): string[] {
  return sorted([...wanted].filter((p) => !held.has(p)));
}

/**
 * No escalation: which of `wanted` the actor may not hand out through roles and teams. You grant what you
 * hold, with two refinements:
 * - a downstream system's keys (`<slug>:<resource.action>`) may be granted by holders of `systems.manage`;
 * - when appointing another member (never yourself), holders of `roles.manage` may also give
 *   `batches.release` and `inspections.approve`: appointing the QA people is an admin's job.
 */
export function ungrantable(held: Held, wanted: Iterable<string>, options: { appointingOther?: boolean } = {}): string[] {
  return sorted(
    [...wanted].filter((permission) => {
      if (held.has(permission)) return false;
      if (permission.includes(':') && held.has('systems.manage')) return false;
      if (options.appointingOther && APPOINTED_PERMISSIONS.has(permission) && held.has('roles.manage')) return false;
      return true;
    }),
  );
}

export type Verdict = { allowed: true; missing: []; reason: null } | { allowed: false; missing: string[]; reason: string };

const allow: Verdict = { allowed: true, missing: [], reason: null };

/** Keys in a sentence: each by its title with the key beside it ("Release batches (batches.release)"). */
function list(keys: string[], max = keys.length): string {
  const named = keys.slice(0, max).map((key) => `${permissionTitle(key)} (${key})`);
  return keys.length > max ? `${named.join(', ')}, …` : named.join(', ');
}

/** May the actor give a role, or a team whose roles carry `permissions`? (`appointingOther`: to someone else.) */
export function mayGive(held: Held, permissions: Iterable<string>, options: { appointingOther?: boolean } = {}): Verdict {
  const missing = ungrantable(held, permissions, options);
  if (missing.length === 0) return allow;
  return { allowed: false, missing, reason: `You cannot grant permissions you do not hold: ${list(missing)}.` };
}

/** May the actor put these scopes on an API key? Only what the creator holds: no exceptions for keys. */
export function mayScopeApiKey(held: Held, scopes: Iterable<string>): Verdict {
  const missing = unheld(held, scopes);
  if (missing.length === 0) return allow;
  return { allowed: false, missing, reason: `A key cannot hold permissions you do not hold: ${list(missing)}.` };
}

/**
 * Manage only within your power: everything the target holds now must be something the actor could grant
 * them (appointing another member). `missing` names what the target holds that the actor may not grant.
 */
export function withinPower(actorHeld: Held, targetHeld: Iterable<string>): Verdict {
  const missing = ungrantable(actorHeld, targetHeld, { appointingOther: true });
  if (missing.length === 0) return allow;
  return {
    allowed: false,
    missing,
    reason: `This member holds permissions you may not grant: ${list(missing, 8)}. Ask someone who holds them.`,
  };
}

/** The default admin role: it keeps every permission it has. */
function isAdminRole(role: { isDefault: boolean; name: string }): boolean {
  return role.isDefault && role.name === 'admin';
}

/** May these permissions be taken from the role? Not from the default admin role. */
export function mayRemoveFromRole(role: { isDefault: boolean; name: string }, removed: readonly string[]): Verdict {
  if (!isAdminRole(role) || removed.length === 0) return allow;
  return { allowed: false, missing: [], reason: `The admin role keeps all its permissions; this would remove ${list(sorted(removed))}.` };
}

/** A member as the manage rule sees them: an identity (membership or user id, the same kind for both) and what they hold. */
type MemberFacts = { id: string; permissions: Held };

/**
 * May the actor change this member's roles, teams or overrides, or remove them? Not your own roles, teams or
 * overrides (`allowSelf` for acts that are yours to do, such as leaving); otherwise only within your power.
 */
export function mayManageMember(actor: MemberFacts, target: MemberFacts, options: { allowSelf?: boolean } = {}): Verdict {
  if (actor.id === target.id) {
    return options.allowSelf
      ? allow
      : { allowed: false, missing: [], reason: 'You cannot change your own roles, teams or overrides. Ask another member who may.' };
  }
  return withinPower(actor.permissions, target.permissions);
}

type OverrideEffect = 'inherit' | 'grant' | 'deny';

/**
 * Which override effects the actor may set on one key of another member (`stored`: its effect now): inherit and deny always; grant only
 * for a key the actor holds, or one already granted (keeping a grant is not giving it).
 */
export function overrideEffects(held: Held, key: string, stored: OverrideEffect): Record<OverrideEffect, Verdict> {
  const grant: Verdict =
    stored === 'grant' || held.has(key) ? allow : { allowed: false, missing: [key], reason: 'You can only grant what you hold yourself.' };
  return { inherit: allow, deny: allow, grant };
}

/** New direct grants the actor may not give (grants already stored are kept as they are). */
export function ungrantableOverrides(held: Held, grant: Iterable<string>, alreadyGranted: Iterable<string>): string[] {
  const kept = new Set(alreadyGranted);
  return unheld(
    held,
    [...grant].filter((key) => !kept.has(key)),
  );
}

/** A full admin: effectively holds every permission of the admin role. */
export function holdsEveryAdminPermission(effective: Held): boolean {
  return ADMIN_PERMISSIONS.every((p) => effective.has(p));
}

/** How many of these members (their effective permission sets) are full admins. */
export function countFullAdmins(members: Iterable<Held>): number {
  let count = 0;
  for (const held of members) if (holdsEveryAdminPermission(held)) count += 1;
  return count;
}

/** The last-admin rule: a change may not take a tenant that had a full admin down to none. */
export function leavesNoFullAdmin(fullAdmins: { before: number; after: number }): boolean {
  return fullAdmins.before > 0 && fullAdmins.after === 0;
}

export const LAST_ADMIN_MESSAGE =
  'This would leave the tenant without a full admin (someone holding every permission of the admin role). Make someone else a full admin first.';
