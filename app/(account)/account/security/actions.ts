'use server';

import { revalidatePath } from 'next/cache';
import type { AccountContext } from '@/lib/auth/account-context';
import { getCurrentUser } from '@/lib/auth/current-user';
import { addPasskey } from '@/lib/auth/mfa/add-passkey';
import { confirmTotpEnrolment } from '@/lib/auth/mfa/confirm-totp-enrolment';
import { passkeyRegistrationOptions } from '@/lib/auth/mfa/passkey-registration-options';
import { groupKey } from '@/lib/auth/mfa/policy';
import { qrDataUrl } from '@/lib/auth/mfa/qr';
import { regenerateRecoveryCodes } from '@/lib/auth/mfa/regenerate-recovery-codes';
import { removePasskey } from '@/lib/auth/mfa/remove-passkey';
import { removeTotp } from '@/lib/auth/mfa/remove-totp';
import { renamePasskey } from '@/lib/auth/mfa/rename-passkey';
import { startTotpEnrolment } from '@/lib/auth/mfa/start-totp-enrolment';
import { actionError, actionMeta } from '@/lib/http/action-result';
import type { SecurityActionResult } from '@/components/account/security/action-result';

/**
 * The security page's server actions: build the context from this request's session cookie and headers, call the
 * domain function (lib/auth/mfa/*), and answer its result or its error shaped for the page. `mfa_required` comes
 * back as a code like any other error, for the step-up prompt.
 */
async function run<T>(work: (ctx: AccountContext) => Promise<T>): Promise<SecurityActionResult<T>> {
  const meta = await actionMeta();
  try {
    const data = await work({ actor: await getCurrentUser(), meta });
    revalidatePath('/account/security');
    return { ok: true, data };
  } catch (error) {
    return actionError(error, meta.requestId);
  }
}

export async function startTotpAction() {
  return run(async (ctx) => {
    const { secret, otpauthUrl } = await startTotpEnrolment(ctx);
    return { key: groupKey(secret), otpauthUrl, qr: await qrDataUrl(otpauthUrl) };
  });
}

export async function confirmTotpAction(values: { code: string }) {
  return run((ctx) => confirmTotpEnrolment(ctx, { code: values?.code }));
}

export async function removeTotpAction() {
  return run((ctx) => removeTotp(ctx));
}

export async function regenerateRecoveryCodesAction() {
  return run((ctx) => regenerateRecoveryCodes(ctx));
}

export async function passkeyOptionsAction() {
  return run((ctx) => passkeyRegistrationOptions(ctx));
}

export async function addPasskeyAction(values: { challengeId: string; name: string; response: unknown }) {
  return run(async (ctx) => {
    const added = await addPasskey(ctx, {
      challengeId: values?.challengeId,
      name: values?.name,
      response: values?.response as Parameters<typeof addPasskey>[1]['response'],
    });
    return { ...added, createdAt: added.createdAt.toISOString(), lastUsedAt: added.lastUsedAt?.toISOString() ?? null };
  });
}

export async function renamePasskeyAction(values: { id: string; name: string }) {
  return run(async (ctx) => {
    await renamePasskey(ctx, values?.id, { name: values?.name });
  });
}

export async function removePasskeyAction(values: { id: string }) {
  return run((ctx) => removePasskey(ctx, values?.id));
}
