'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import type { AccountActionResult } from '@/components/account/form-schemas';
import type { AccountContext } from '@/lib/auth/account-context';
import { deleteAvatar } from '@/lib/auth/avatar';
import { changePassword } from '@/lib/auth/change-password';
import { getCurrentUser } from '@/lib/auth/current-user';
import { updateProfile } from '@/lib/auth/update-profile';
import { DomainError } from '@/lib/errors';
import { clientIp, requestIdFrom } from '@/lib/http/request-meta';
import { logger } from '@/lib/platform/logger';

/**
 * The account pages' server actions: build the context from this request's session cookie and headers,
 * call the domain function, and shape its errors for the form (a message, and messages by field).
 */
async function accountContext(): Promise<AccountContext> {
  const h = await headers();
  return {
    actor: await getCurrentUser(),
    meta: { requestId: requestIdFrom(h), ip: clientIp(h), userAgent: h.get('user-agent')?.slice(0, 512) ?? null },
  };
}

async function run(work: (ctx: AccountContext) => Promise<unknown>): Promise<AccountActionResult> {
  const ctx = await accountContext();
  try {
    await work(ctx);
    revalidatePath('/account', 'layout');
    return { ok: true };
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === 'unauthenticated') return { ok: false, error: 'Your session has ended. Sign in again to continue.' };
      const fieldErrors: Record<string, string> = {};
      for (const e of error.errors ?? []) fieldErrors[e.path] ??= e.message;
      const message = error.code === 'validation_failed' ? 'Check the highlighted fields.' : error.message;
      return { ok: false, error: message, fieldErrors };
    }
    logger.error({ requestId: ctx.meta.requestId, err: error }, 'account action failed');
    return { ok: false, error: `Something went wrong on our side. Try again (request ${ctx.meta.requestId}).` };
  }
}

export async function updateProfileAction(values: { name: string; description: string }): Promise<AccountActionResult> {
  return run((ctx) => updateProfile(ctx, { name: values?.name, description: values?.description }));
}

export async function changePasswordAction(values: { currentPassword: string; newPassword: string }): Promise<AccountActionResult> {
  return run((ctx) => changePassword(ctx, { currentPassword: values?.currentPassword, newPassword: values?.newPassword }));
}

export async function removeAvatarAction(): Promise<AccountActionResult> {
  return run((ctx) => deleteAvatar(ctx));
}
