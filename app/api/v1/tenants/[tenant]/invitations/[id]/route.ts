import { tenantRoute } from '@/lib/http/route';
import { revokeInvitation } from '@/lib/invitations/revoke-invitation';
import { invitationParamsSchema, invitationSchema } from '@/lib/invitations/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/invitations/{id}',
    summary: 'Revoke a pending invitation: its link answers 410 from now on and its seat is free',
    description: 'An invitation that is not pending (accepted, expired, revoked): 409 `conflict`.',
    tags: ['Invitations'],
    access: 'members.invite',
    errors: ['conflict'],
    params: invitationParamsSchema,
    response: invitationSchema,
  },
  async ({ ctx, params }) => revokeInvitation(ctx, params.id),
);

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(['DELETE']);
