import { route } from '@/lib/http/route';
import { lookupInvitation, unusable } from '@/lib/invitations/find-by-token';
import { invitationTokenParamsSchema, publicInvitationSchema } from '@/lib/invitations/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/invitations/{token}',
    summary: 'The invitation behind a mail link: tenant, inviter, roles, expiry',
    description: 'Used: 409 `invitation_used`. Expired or revoked: 410 `invitation_expired`. Unknown (or replaced by a resend): 404.',
    tags: ['Invitations'],
    access: 'public',
    errors: ['invitation_used', 'invitation_expired'],
    params: invitationTokenParamsSchema,
    response: publicInvitationSchema,
  },
  async ({ params }) => {
    const found = await lookupInvitation(params.token);
    if (found.status !== 'pending') throw unusable(found);
    const { status: _status, ...invitation } = found;
    return invitation;
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
