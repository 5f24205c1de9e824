import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { webauthnCredentials } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { dropCodesWithoutFactor } from './drop-orphan-codes';
import { loadAccount } from './load-user';
import { recordFactorChange } from './notify';
import { passkeyParamsSchema } from './schemas';

/**
 * Remove one of your passkeys (needs a recent second-factor check: step-up; another person's or an unknown id: 404).
 * The last factor may go: then the recovery codes go too. Audited and mailed.
 */
export async function removePasskey(ctx: AccountContext, id: string): Promise<void> {
  const actor = requireUser(ctx.actor);
  const { id: passkeyId } = parseInput(passkeyParamsSchema, { id });
  const db = await getDb();
  await requireRecentSecondFactor(actor, db);
  const user = await loadAccount(db, actor.id);
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, passkeyId), eq(webauthnCredentials.userId, user.id)))
      .returning({ id: webauthnCredentials.id, name: webauthnCredentials.name });
    if (!removed) throw notFound('passkey');
    const codesDropped = await dropCodesWithoutFactor(tx, user.id);
    await recordFactorChange(tx, actor, ctx.meta, user, {
      action: 'user.mfa_passkey_removed',
      notice: 'passkey_removed',
      detail: removed.name,
      after: { passkey: removed.name, ...(codesDropped ? { recoveryCodesLeft: 0 } : {}) },
    });
  });
}
