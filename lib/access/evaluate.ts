/**
 * The permission evaluator: pure, in-process, no I/O.
 *
 * A member's effective set = permissions of their roles ∪ permissions of their teams' roles ∪ direct
 * grants, minus explicit denies. Explicit deny beats every grant; no match is deny. Every answer can be
 * explained: which role, team, grant or deny decided it.
 */
export type AccessSource =
  | { type: 'role'; id: string; name: string }
  | { type: 'team'; id: string; name: string; role: { id: string; name: string } }
  | { type: 'grant' };

export type AccessFacts = {
  /** What roles, teams' roles and direct grants give. */
  grants: ReadonlyArray<{ permission: string; source: AccessSource }>;
  /** Explicit denies on this member. */
  denies: ReadonlyArray<string>;
};

export type EffectiveAccess = {
  /** Permissions the member holds (grants minus denies). */
  permissions: ReadonlySet<string>;
  /** Every source that grants each permission, denied ones included (for explanations). */
  sources: ReadonlyMap<string, ReadonlyArray<AccessSource>>;
  denied: ReadonlySet<string>;
};

export function evaluate(facts: AccessFacts): EffectiveAccess {
  const denied = new Set(facts.denies);
  const sources = new Map<string, AccessSource[]>();
  for (const { permission, source } of facts.grants) {
    const list = sources.get(permission);
    if (list) list.push(source);
    else sources.set(permission, [source]);
  }
  const permissions = new Set<string>();
  for (const permission of sources.keys()) if (!denied.has(permission)) permissions.add(permission);
  return { permissions, sources, denied };
}

export type Decision = {
  allowed: boolean;
  /** `deny`, `role:<name>`, `team:<name>`, `grant`, `default_deny` or `system_inactive`. */
  reason: string;
  source: AccessSource | { type: 'deny' } | { type: 'default_deny' } | { type: 'system_inactive' };
};

/** The downstream system a key belongs to (`ims` for `ims:stock.adjust`), or null for Custos's own keys. */
export function systemOfKey(permission: string): string | null {
  const colon = permission.indexOf(':');
  return colon > 0 ? permission.slice(0, colon) : null;
}

const rank = (s: AccessSource) => (s.type === 'grant' ? 0 : s.type === 'role' ? 1 : 2);

/**
 * Why the member may or may not do `permission`. A key of a switched-off system (`inactiveSystems`, by slug) is denied
 * whatever grants it, before anything else: the system is off for everyone. Then a deny explains itself; then the most
 * direct grant.
 */
export function explain(access: EffectiveAccess, permission: string, inactiveSystems: ReadonlySet<string> = new Set()): Decision {
  const system = systemOfKey(permission);
  if (system !== null && inactiveSystems.has(system)) {
    return { allowed: false, reason: 'system_inactive', source: { type: 'system_inactive' } };
  }
  if (access.denied.has(permission)) return { allowed: false, reason: 'deny', source: { type: 'deny' } };
  const found = access.sources.get(permission);
  if (!found || found.length === 0) return { allowed: false, reason: 'default_deny', source: { type: 'default_deny' } };
  const best = [...found].sort((a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b)))[0];
  return { allowed: true, reason: best.type === 'grant' ? 'grant' : `${best.type}:${nameOf(best)}`, source: best };
}

function nameOf(s: AccessSource): string {
  return s.type === 'grant' ? '' : s.name;
}
