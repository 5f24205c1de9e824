'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { signIn, signOut } from '@/auth';
import { getCurrentUser } from '@/lib/auth/current-user';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { actionError, actionMeta, type ActionResult } from '@/lib/http/action-result';
import { acceptInvitation } from '@/lib/invitations/accept-invitation';
import type { AcceptedInvitation } from '@/lib/invitations/schemas';

/**
 * The invitation page's "Accept": the same `acceptInvitation` as POST /api/v1/invitations/{token}/accept,
 * as the signed-in person, or with a name and password for a new account — which is then signed in.
 * Lands in the tenant; errors come back to the form.
 */
export async function acceptInvitationAction(token: string, account?: { name: string; password: string }): Promise<ActionResult> {
  const meta = await actionMeta();
  const user = account ? null : await getCurrentUser();
  let accepted: AcceptedInvitation;
  try {
    accepted = await acceptInvitation(user, token, account, meta);
  } catch (error) {
    return actionError(error, meta.requestId);
  }
  kickDelivery();
  if (account) {
    try {
      await signIn('credentials', { email: accepted.email, password: account.password, redirect: false });
    } catch (error) {
      // The account and membership exist; only the automatic sign-in failed (e.g. rate limited): sign in by hand.
      if (!(error instanceof AuthError)) throw error;
      redirect(`/sign-in?next=${encodeURIComponent(`/t/${accepted.tenant.slug}`)}&email=${encodeURIComponent(accepted.email)}`);
    }
  }
  redirect(`/t/${accepted.tenant.slug}`);
}

/** "Sign out and continue": signed in as someone else, sign out and come back to the invitation. */
export async function signOutForInvitationAction(token: string): Promise<void> {
  await signOut({ redirectTo: `/invite/${encodeURIComponent(token)}` });
}
