import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { now } from '@/lib/platform/clock';
import { isPasswordExpired } from './password-policy';

export type PasswordAge = { changedAt: Date | null; maxAgeDays: number | null; expired: boolean };

/** A row of passwordAgeQuery (also as a JSON object when a larger statement carries it). */
export type PasswordAgeRow = { changed_at: string | Date | null; max_age_days: number | string | null };

/**
 * When the person last set their password and the shortest maximum age among their active tenants' password rules
 * (null: none sets one), in one query. Works in a tenant transaction that names the person (`app.user_id`: the
 * memberships policy shows their other tenants too), in the user scope, and on the owner connection.
 */
export async function passwordAge(db: Queryable, userId: string): Promise<PasswordAge> {
  const [row] = rowsOf<PasswordAgeRow>(await db.execute(passwordAgeQuery(userId)));
  return passwordAgeOf(row);
}

/** passwordAge's query, for a statement that loads more beside it (lib/tenancy/session-facts.ts); one row or none. */
export function passwordAgeQuery(userId: string): SQL {
  return sql`
    select u.password_changed_at as changed_at, min((t.settings -> 'passwordPolicy' ->> 'maxAgeDays')::int) as max_age_days
      from users u
      left join memberships m on m.user_id = u.id and m.status = 'active'
      left join tenants t on t.id = m.tenant_id
     where u.id = ${userId}::uuid
     group by u.password_changed_at`;
}

/** The PasswordAge of passwordAgeQuery's row (none: no such person, nothing expires). */
export function passwordAgeOf(row: PasswordAgeRow | null | undefined): PasswordAge {
  if (!row) return { changedAt: null, maxAgeDays: null, expired: false };
  const changedAt = row.changed_at ? new Date(row.changed_at) : null;
  const maxAgeDays = row.max_age_days === null ? null : Number(row.max_age_days);
  return { changedAt, maxAgeDays, expired: isPasswordExpired(changedAt, maxAgeDays, now()) };
}

/**
 * A tenant request by a person (their session or bearer token; not an API key) whose password is past the maximum
 * age of their strictest rules answers 403 `password_expired` with this message until they choose a new one
 * (lib/tenancy/tenant-context.ts loads `passwordAge` in the tenant's first round trip). Signing in still works, and
 * so do their account's pages, where they change it.
 */
export const PASSWORD_EXPIRED_MESSAGE =
  "Your password has expired under your tenant's password rules. Choose a new one on your account's password page, then try again.";

/** Where the console sends a person whose password expired: the change-password page with a notice, then back to `next`. */
export function passwordExpiredPath(next?: string): string {
  return `/account/password?expired=1${next ? `&next=${encodeURIComponent(next)}` : ''}`;
}
