'use server';

import { revalidatePath } from 'next/cache';
import type { AccountActionResult } from '@/components/account/form-schemas';
import type { AccountContext } from '@/lib/auth/account-context';
import { deleteAvatar } from '@/lib/auth/avatar';
import { changePassword } from '@/lib/auth/change-password';
import { getCurrentUser } from '@/lib/auth/current-user';
import { updateProfile } from '@/lib/auth/update-profile';
import { runAction } from '@/lib/http/action-result';

/**
 * The account pages' server actions: build the context from this request's session cookie and headers,
 * call the domain function, and shape its errors for the form (lib/http/action-result.ts).
 */
function run(work: (ctx: AccountContext) => Promise<unknown>): Promise<AccountActionResult> {
  return runAction(async (meta) => work({ actor: await getCurrentUser(), meta }), {
    afterSuccess: () => revalidatePath('/account', 'layout'),
  });
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
