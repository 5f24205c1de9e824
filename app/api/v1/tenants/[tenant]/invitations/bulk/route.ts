import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { bulkInvite } from '@/lib/invitations/bulk-invite';
import { bulkInviteResultSchema, bulkInviteSchema } from '@/lib/invitations/schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/invitations/bulk',
    summary: 'Invite up to 100 addresses with the same roles and teams; a result per address',
    description:
      'Each address is invited on its own: a bad, duplicate, already-member or already-invited address, or the seat limit reached, fails that row only (`ok: false` with `error.code`). Bad role/team ids (400) or roles you may not grant (403) refuse the whole request.',
    tags: ['Invitations'],
    access: 'members.invite',
    errors: ['seat_limit_reached'],
    params: tenantParamsSchema,
    body: bulkInviteSchema,
    response: bulkInviteResultSchema,
  },
  async ({ ctx, body }) => {
    const result = await bulkInvite(ctx, body);
    if (result.invited) kickDelivery();
    return result;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
