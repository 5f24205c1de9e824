import { resolveActor } from '@/lib/auth/resolve-actor';
import { route } from '@/lib/http/route';
import { acceptInvitation } from '@/lib/invitations/accept-invitation';
import { acceptedInvitationSchema, acceptInvitationSchema, invitationTokenParamsSchema } from '@/lib/invitations/schemas';
import { unauthenticated } from '@/lib/errors';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/invitations/{token}/accept',
    summary: 'Accept an invitation: signed in as the invited address, or with name and password for a new account',
    description:
      'Signed in (cookie or bearer token): no body; the account email must be the invited address (403). Not signed in: `{name, password}` creates the account, already verified; if an account exists for the address, sign in instead (409). Used: 409 `invitation_used`; expired or revoked: 410 `invitation_expired`; unknown link: 404. Of two concurrent accepts exactly one succeeds.',
    tags: ['Invitations'],
    access: 'public',
    errors: ['unauthenticated', 'forbidden', 'tenant_suspended', 'invitation_used', 'invitation_expired', 'seat_limit_reached', 'conflict'],
    params: invitationTokenParamsSchema,
    body: acceptInvitationSchema.optional(),
    response: acceptedInvitationSchema,
    idempotent: false,
  },
  async ({ request, params, body, meta }) => {
    // Public, yet a credential that is sent must be valid: a bad one is 401, never a silent new account.
    // (A stale session cookie counts as signed out.)
    const actor = await resolveActor(request);
    if (!actor && request.headers.has('authorization')) throw unauthenticated();
    return acceptInvitation(actor, params.token, body, meta);
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
