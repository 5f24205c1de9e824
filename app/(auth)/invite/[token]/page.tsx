import type { Metadata } from 'next';
import { InvitationPanel } from '@/components/invite/invitation-panel';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DEFAULT_PASSWORD_POLICY } from '@/lib/auth/password-policy-basics';
import { tokenSchema } from '@/lib/auth/schemas';
import { invitationPasswordRules } from '@/lib/invitations/accept-invitation';
import { lookupInvitation } from '@/lib/invitations/find-by-token';
import { acceptInvitationAction, signOutForInvitationAction } from './actions';

// The token is in the path: keep it out of Referer headers and search indexes.
export const metadata: Metadata = { title: 'Invitation', referrer: 'no-referrer', robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

/**
 * The invitee's landing page from the mail link: the tenant, who invited, the roles and the expiry, and the
 * one right next step for whoever opens it (a new person, an existing account, someone signed in as another
 * address), or a plain page when the link is expired, revoked, used or unknown.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = tokenSchema.safeParse(token).success;
  const [invitation, user, rules] = await Promise.all([
    valid ? lookupInvitation(token) : Promise.resolve({ status: 'unknown' as const }),
    getCurrentUser(),
    valid ? invitationPasswordRules(token) : Promise.resolve(null),
  ]);
  return (
    <InvitationPanel
      token={token}
      invitation={invitation}
      signedInAs={user ? { email: user.email, name: user.name } : null}
      acceptAction={acceptInvitationAction}
      signOutAction={signOutForInvitationAction}
      passwordPolicy={rules?.rules.policy ?? DEFAULT_PASSWORD_POLICY}
    />
  );
}
