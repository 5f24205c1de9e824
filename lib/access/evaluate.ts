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
  /** `deny`, `role:<name>`, `team:<name>`, `grant` or `default_deny`. */
  reason: string;
  source: AccessSource | { type: 'deny' } | { type: 'default_deny' };
};

const rank = (s: AccessSource) => (s.type === 'grant' ? 0 : s.type === 'role' ? 1 : 2);

/** Why the member may or may not do `permission`. A deny explains itself first; then the most direct grant. */
export function explain(access: EffectiveAccess, permission: string): Decision {
  if (access.denied.has(permission)) return { allowed: false, reason: 'deny', source: { type: 'deny' } };
  const found = access.sources.get(permission);
  if (!found || found.length === 0) return { allowed: false, reason: 'default_deny', source: { type: 'default_deny' } };
  const best = [...found].sort((a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b)))[0];
  return { allowed: true, reason: best.type === 'grant' ? 'grant' : `${best.type}:${nameOf(best)}`, source: best };
}

function nameOf(s: AccessSource): string {
  return s.type === 'grant' ? '' : s.name;
}
