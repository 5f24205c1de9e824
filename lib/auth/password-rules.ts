import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { memberships, tenants, type TenantSettings } from '@/db/schema';
import { validationFailed } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { checkPassword, DEFAULT_PASSWORD_POLICY, historyMessage, strictestPasswordPolicy, type PasswordPolicy } from './password-policy';
import { usedRecently } from './password-history';

/** The password rules a person must meet, and the names of the tenants they come from (not to be in the password). */
export type PasswordRules = { policy: PasswordPolicy; tenantNames: string[] };

/** A tenant's stored settings → its password rules, field by field over the defaults. */
export function tenantPasswordPolicy(settings: TenantSettings | null | undefined): PasswordPolicy {
  return { ...DEFAULT_PASSWORD_POLICY, ...settings?.passwordPolicy };
}

/**
 * The rules of a person: the strictest of the tenants they are an active member of (lib/auth/password-policy.ts
 * strictestPasswordPolicy); no membership → the defaults. Read in the user scope of row-level security (their own
 * memberships and those tenants only).
 */
export async function passwordRulesForUser(userId: string): Promise<PasswordRules> {
  const rows = await withTenant(
    null,
    (tx) =>
      tx
        .select({ name: tenants.name, settings: tenants.settings })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active'))),
    { userId },
  );
  return {
    policy: strictestPasswordPolicy(rows.map((r) => tenantPasswordPolicy(r.settings))),
    tenantNames: rows.map((r) => r.name),
  };
}

/** The rules of one tenant (an invitation's newcomer meets the inviting tenant's). `db` must see the tenant row. */
export async function passwordRulesForTenant(db: Queryable, tenantId: string): Promise<PasswordRules> {
  const [row] = await db.select({ name: tenants.name, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return row
    ? { policy: tenantPasswordPolicy(row.settings), tenantNames: [row.name] }
    : { policy: { ...DEFAULT_PASSWORD_POLICY }, tenantNames: [] };
}

/**
 * Refuse a new password the rules do not allow: 400 `validation_failed` naming `path` with one sentence per broken
 * rule. `userId` (an existing account) adds the history rule, checked with argon2 against the stored hashes through
 * `db` (the owner connection; not inside a PGlite transaction).
 */
export async function enforcePasswordRules(input: {
  password: string;
  path: string;
  rules: PasswordRules;
  person: { email?: string | null; name?: string | null };
  history?: { db: Queryable; userId: string };
}): Promise<void> {
  const { policy, tenantNames } = input.rules;
  const checked = await checkPassword(input.password, policy, { ...input.person, tenantNames });
  const problems = [...checked.problems];
  if (
    input.history &&
    problems.length === 0 &&
    (await usedRecently(input.history.db, input.history.userId, input.password, policy.historyCount))
  ) {
    problems.push(historyMessage(policy.historyCount));
  }
  if (problems.length) throw validationFailed(problems.map((message) => ({ path: input.path, message })));
}
