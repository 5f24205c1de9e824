import type { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { webauthnCredentials } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { loadAccount } from './load-user';
import { recordFactorChange } from './notify';
import { passkeyParamsSchema, renamePasskeySchema } from './schemas';
import type { PasskeySummary } from './second-factor-status';

/** Rename one of your passkeys (another person's, or an unknown id: 404). Audited with the old and new name. */
export async function renamePasskey(ctx: AccountContext, id: string, input: z.input<typeof renamePasskeySchema>): Promise<PasskeySummary> {
  const actor = requireUser(ctx.actor);
  const { id: passkeyId } = parseInput(passkeyParamsSchema, { id });
  const { name } = parseInput(renamePasskeySchema, input);
  const db = await getDb();
  const user = await loadAccount(db, actor.id);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: webauthnCredentials.name })
      .from(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, passkeyId), eq(webauthnCredentials.userId, user.id)))
      .for('update')
      .limit(1);
    if (!before) throw notFound('passkey');
    const [row] = await tx
      .update(webauthnCredentials)
      .set({ name })
      .where(and(eq(webauthnCredentials.id, passkeyId), eq(webauthnCredentials.userId, user.id)))
      .returning({
        id: webauthnCredentials.id,
        name: webauthnCredentials.name,
        createdAt: webauthnCredentials.createdAt,
        lastUsedAt: webauthnCredentials.lastUsedAt,
      });
    await recordFactorChange(tx, actor, ctx.meta, user, {
      action: 'user.mfa_passkey_renamed',
      after: { passkey: row.name, previousName: before.name },
    });
    return row;
  });
}
