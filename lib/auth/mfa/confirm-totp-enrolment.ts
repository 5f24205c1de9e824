import type { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { totpSecrets } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { markSecondFactorVerified } from '@/lib/auth/session';
import { conflict } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { loadAccount } from './load-user';
import { recordFactorChange } from './notify';
import { issueRecoveryCodes } from './recovery-codes';
import { confirmTotpSchema } from './schemas';
import { openSecret } from './secret-box';
import { matchingStep } from './totp';
import { invalidCode } from './verify-code';

const WRONG_SETUP_CODE =
  'That code does not match. Enter the code your authenticator app shows now (check the phone’s clock if it keeps failing).';

/**
 * Finish setting up an authenticator app with a code it shows: the app becomes active (its step is remembered, so
 * the same code cannot be used again to sign in), ten new recovery codes replace any earlier ones and are returned
 * this once, the session counts as verified (no step-up right after), and the change is audited and mailed. A wrong
 * code is 403 `invalid_code` naming `code`; no enrolment in progress is 409.
 */
export async function confirmTotpEnrolment(
  ctx: AccountContext,
  input: z.input<typeof confirmTotpSchema>,
): Promise<{ recoveryCodes: string[] }> {
  const actor = requireUser(ctx.actor);
  const { code } = parseInput(confirmTotpSchema, input);
  const db = await getDb();
  const user = await loadAccount(db, actor.id);
  const [pending] = await db
    .select({ sealed: totpSecrets.secretCiphertext })
    .from(totpSecrets)
    .where(and(eq(totpSecrets.userId, user.id), isNull(totpSecrets.confirmedAt)))
    .limit(1);
  if (!pending) throw conflict('There is no authenticator app being set up. Start again.');
  const secret = openSecret(pending.sealed, user.id);
  const step = secret ? matchingStep(secret, code.replace(/\s/g, '')) : null;
  if (step === null) throw invalidCode(403, WRONG_SETUP_CODE);

  return db.transaction(async (tx) => {
    const confirmed = await tx
      .update(totpSecrets)
      .set({ confirmedAt: now(), lastUsedStep: step })
      .where(and(eq(totpSecrets.userId, user.id), isNull(totpSecrets.confirmedAt), eq(totpSecrets.secretCiphertext, pending.sealed)))
      .returning({ userId: totpSecrets.userId });
    if (confirmed.length === 0) throw conflict('The authenticator app being set up changed meanwhile. Start again.');
    const recoveryCodes = await issueRecoveryCodes(tx, user.id);
    if (actor.sessionId) await markSecondFactorVerified(tx, actor.sessionId);
    await recordFactorChange(tx, actor, ctx.meta, user, {
      action: 'user.mfa_totp_enabled',
      notice: 'totp_enabled',
      after: { totp: true, recoveryCodesLeft: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
}
