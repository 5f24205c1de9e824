import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { inviteMember } from '@/lib/invitations/invite-member';
import { listInvitations } from '@/lib/invitations/list-invitations';
import { invitationListSchema, invitationSchema, inviteSchema, listInvitationsQuerySchema } from '@/lib/invitations/schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/invitations',
    summary: "The tenant's invitations, newest first or in the chosen order, with the seats in use",
    description:
      '`status` filters (a pending invitation past its expiry is `expired`); `q` matches part of the address. `sort` orders by `created` (newest first, the default), `email` (A–Z) or `expires` (soonest first); `dir` (`asc`/`desc`) turns the order round. Each order has its own cursor: a cursor from another order is 400 naming `query.cursor`. `seats.used` counts active members and pending invitations.',
    tags: ['Invitations'],
    access: 'members.invite',
    params: tenantParamsSchema,
    query: listInvitationsQuerySchema,
    response: invitationListSchema,
  },
  async ({ ctx, query }) => listInvitations(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/invitations',
    summary: 'Invite a person by email with roles and optional teams; the link is mailed',
    description:
      'Only roles and teams whose permissions you may grant (403). Unknown role/team ids: 400 naming the field. Already a member or already invited: 409 `conflict`. No seat left: 409 `seat_limit_reached`. The link works once, for 7 days.',
    tags: ['Invitations'],
    access: 'members.invite',
    errors: ['seat_limit_reached', 'conflict'],
    params: tenantParamsSchema,
    body: inviteSchema,
    response: invitationSchema,
    status: 201,
  },
  async ({ ctx, body }) => {
    const invitation = await inviteMember(ctx, body);
    kickDelivery();
    return invitation;
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
