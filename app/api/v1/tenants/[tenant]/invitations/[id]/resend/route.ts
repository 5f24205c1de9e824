import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { resendInvitation } from '@/lib/invitations/resend-invitation';
import { invitationParamsSchema, invitationSchema } from '@/lib/invitations/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/invitations/{id}/resend',
    summary: 'Mail a pending or expired invitation again with a new link (the old link stops working)',
    description:
      'The new link works for 7 days. An expired invitation takes a seat again (409 `seat_limit_reached` when none is left). Accepted or revoked: 409 `conflict`.',
    tags: ['Invitations'],
    access: 'members.invite',
    errors: ['seat_limit_reached', 'conflict'],
    params: invitationParamsSchema,
    response: invitationSchema,
  },
  async ({ ctx, params }) => {
    const invitation = await resendInvitation(ctx, params.id);
    kickDelivery();
    return invitation;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
