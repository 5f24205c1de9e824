import { getDb } from '@/db/client';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { conflict } from '@/lib/errors';
import { loadAccount } from './load-user';
import { recordFactorChange } from './notify';
import { issueRecoveryCodes } from './recovery-codes';
import { hasSecondFactor } from './second-factor-status';

/**
 * Ten new recovery codes; every earlier one stops working. Needs a recent second-factor check (step-up) and a factor
 * to recover (409 without). The codes are returned this once; audited and mailed (without the codes).
 */
export async function regenerateRecoveryCodes(ctx: AccountContext): Promise<{ recoveryCodes: string[] }> {
  const actor = requireUser(ctx.actor);
  const db = await getDb();
  await requireRecentSecondFactor(actor, db);
  const user = await loadAccount(db, actor.id);
  return db.transaction(async (tx) => {
    if (!(await hasSecondFactor(tx, user.id)))
      throw conflict('Set up an authenticator app or a passkey first: recovery codes stand in for one.');
    const recoveryCodes = await issueRecoveryCodes(tx, user.id);
    await recordFactorChange(tx, actor, ctx.meta, user, {
      action: 'user.mfa_recovery_codes_regenerated',
      notice: 'recovery_codes_regenerated',
      after: { recoveryCodesLeft: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
}
