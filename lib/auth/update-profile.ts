import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { requireUser, type AccountContext } from './account-context';
import { updateProfileSchema } from './schemas';

export type Profile = { id: string; name: string; description: string | null };

/**
 * Change your own name and description. Fields left out stay as they are; an empty description clears it.
 * Audited on the platform trail as `user.profile_updated` with the changed fields before and after
 * (nothing is written, and nothing audited, when nothing changes).
 */
export async function updateProfile(ctx: AccountContext, input: z.input<typeof updateProfileSchema>): Promise<Profile> {
  const actor = requireUser(ctx.actor);
  const patch = parseInput(updateProfileSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: users.id, name: users.name, description: users.description })
      .from(users)
      .where(eq(users.id, actor.id))
      .for('update')
      .limit(1);
    if (!current) throw notFound('user');

    const next: Profile = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description || null } : {}),
    };
    const before = { name: current.name, description: current.description };
    const after = { name: next.name, description: next.description };
    if (before.name === after.name && before.description === after.description) return current;

    await tx
      .update(users)
      .set({ name: next.name, description: next.description, updatedAt: sql`now()` })
      .where(eq(users.id, actor.id));
    await recordPlatformAudit(tx, actor, ctx.meta, {
      action: 'user.profile_updated',
      targetType: 'user',
      targetId: actor.id,
      before,
      after,
    });
    return next;
  });
}
