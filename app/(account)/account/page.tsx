import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AvatarForm } from '@/components/account/avatar-form';
import { PendingInvitations } from '@/components/account/pending-invitations';
import { ProfileForm } from '@/components/account/profile-form';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getMe } from '@/lib/auth/get-me';
import { removeAvatarAction, updateProfileAction } from './actions';

export const metadata: Metadata = { title: 'Profile' };

/** Your profile: name, description and picture, and invitations to your address not accepted yet. */
export default async function ProfilePage() {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/account')}`);
  const me = await getMe(user);
  return (
    <div className="grid max-w-3xl gap-6">
      <ProfileForm profile={{ name: me.name, email: me.email, description: me.description }} action={updateProfileAction} />
      <AvatarForm name={me.name} image={me.image} removeAction={removeAvatarAction} />
      <PendingInvitations invitations={me.pendingInvitations} />
    </div>
  );
}
