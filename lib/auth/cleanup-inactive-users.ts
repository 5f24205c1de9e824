import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { memberships, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';

const cleanupInactiveUsersSchema = z.strictObject({
  days: z.coerce
    .number({ message: 'Give the number of days.' })
    .int('Use whole days.')
    .min(1, 'At least 1 day.')
    .max(3650, 'At most 3650 days.'),
  dryRun: z.boolean().optional(),
});
type CleanupInactiveUsersInput = z.input<typeof cleanupInactiveUsersSchema>;

type InactiveUser = { id: string; email: string; lastActiveAt: string; verified: boolean };
type CleanupInactiveUsersResult = { dryRun: boolean; days: number; cutoff: string; count: number; users: InactiveUser[] };

/** Who runs it when no person does (cron, CLI). */
const CLEANUP_ACTOR: Actor = { type: 'system', id: 'cleanup-inactive-users', name: 'Inactive-user cleanup' };

/**
 * Delete accounts nobody uses: no sign-in for more than `days` days (the last sign-in, or the creation
 * if they never signed in — which covers accounts never verified), that are not platform admins, not deactivated
 * (a platform admin's decision, kept as it is), have no membership of any tenant at all and never acted on anything
 * but their own account in the platform trail. Members, even removed or suspended ones, are never touched: their
 * names stand in tenants' records and signatures, and identities are never reused (21 CFR 11.100(b)). Every tenant
 * record naming a person (batches, inspections, signatures, notes, attachments, serial jobs, invitations, API keys,
 * tenant audit events) can only have been made as a member, and memberships are never deleted (removal marks them;
 * memberships.user_id is ON DELETE RESTRICT, so the database refuses it too). `dryRun` lists without deleting.
 * Deleting cascades to their sessions, refresh tokens, mail tokens, linked accounts and avatar.
 * A real run writes one platform audit event with the count and the ids (not the emails).
 */
export async function cleanupInactiveUsers(
  input: CleanupInactiveUsersInput,
  ctx: { actor?: Actor | null; meta?: RequestMeta | null } = {},
): Promise<CleanupInactiveUsersResult> {
  const { days, dryRun = false } = parseInput(cleanupInactiveUsersSchema, input);
  const cutoff = new Date(now().getTime() - days * 24 * 60 * 60 * 1000);
  const lastActive = sql<Date | string>`coalesce(${users.lastSignInAt}, ${users.createdAt})`;
  const inactiveSince = sql`${lastActive} < ${cutoff.toISOString()}::timestamptz`;
  // The platform trail: someone who did something to anything but their own account (created a tenant, acted as
  // an admin) is a person of record. Their own sign-ins, sign-ups and profile changes do not count.
  const neverActedOnOthers = sql`not exists (select 1 from audit_events a
    where a.tenant_id is null and a.actor_type = 'user' and a.actor_id = ${users.id}::text
      and a.target_id is distinct from ${users.id}::text and a.target_type is distinct from 'session')`;
  const db = await getDb();

  return db.transaction(async (tx) => {
    // Locking the candidates first means a membership being added concurrently either committed before
    // (and is seen below) or waits for us and then fails its foreign key: never silently cascaded away.
    const candidates = await tx
      .select({ id: users.id, email: users.email, lastActiveAt: lastActive, verified: sql<boolean>`${users.emailVerified} is not null` })
      .from(users)
      .where(and(eq(users.isPlatformAdmin, false), isNull(users.deactivatedAt), inactiveSince, neverActedOnOthers))
      .orderBy(lastActive, users.id)
      .for('update');

    const inactive: InactiveUser[] = [];
    for (const candidate of candidates) {
      // Memberships are under FORCE ROW LEVEL SECURITY: naming the person lets the policy show all of
      // theirs, in every tenant, whether or not this connection bypasses row security.
      await tx.execute(sql`select set_config('app.user_id', ${candidate.id}, true)`);
      const [member] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, candidate.id)).limit(1);
      if (member) continue;
      inactive.push({
        id: candidate.id,
        email: candidate.email,
        lastActiveAt: new Date(candidate.lastActiveAt).toISOString(),
        verified: Boolean(candidate.verified),
      });
    }
    await tx.execute(sql`select set_config('app.user_id', '', true)`);

    if (dryRun) return { dryRun, days, cutoff: cutoff.toISOString(), count: inactive.length, users: inactive };

    const ids = inactive.map((u) => u.id);
    const deleted =
      ids.length === 0
        ? []
        : await tx
            .delete(users)
            .where(and(inArray(users.id, ids), eq(users.isPlatformAdmin, false), isNull(users.deactivatedAt), inactiveSince))
            .returning({ id: users.id });
    const deletedIds = new Set(deleted.map((d) => d.id));
    const gone = inactive.filter((u) => deletedIds.has(u.id));
    await recordPlatformAudit(tx, ctx.actor ?? CLEANUP_ACTOR, ctx.meta ?? null, {
      action: 'users.inactive_deleted',
      targetType: 'user',
      after: { days, cutoff: cutoff.toISOString(), count: gone.length, userIds: gone.map((u) => u.id) },
      reason: `No sign-in for more than ${days} days and no tenant membership`,
    });
    return { dryRun, days, cutoff: cutoff.toISOString(), count: gone.length, users: gone };
  });
}
