import { and, eq, min, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { memberships, tenants, users } from '@/db/schema';
import { now } from '@/lib/platform/clock';
import { isPasswordExpired } from './password-policy';

export type PasswordAge = { changedAt: Date | null; maxAgeDays: number | null; expired: boolean };

/**
 * When the person last set their password and the shortest maximum age among their active tenants' password rules
 * (null: none sets one), in one query. Works in a tenant transaction that names the person (`app.user_id`: the
 * memberships policy shows their other tenants too), in the user scope, and on the owner connection.
 */
export async function passwordAge(db: Queryable, userId: string): Promise<PasswordAge> {
  const maxAge = sql<number | null>`(${tenants.settings} -> 'passwordPolicy' ->> 'maxAgeDays')::int`;
  const [row] = await db
    .select({ changedAt: users.passwordChangedAt, maxAgeDays: min(maxAge) })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.status, 'active')))
    .leftJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(users.id, userId))
    .groupBy(users.passwordChangedAt);
  if (!row) return { changedAt: null, maxAgeDays: null, expired: false };
  const changedAt = row.changedAt ? new Date(row.changedAt) : null;
  const maxAgeDays = row.maxAgeDays === null ? null : Number(row.maxAgeDays);
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
