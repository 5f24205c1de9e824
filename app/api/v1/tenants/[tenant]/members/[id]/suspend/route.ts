import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { suspendMemberSchema } from '@/lib/tenancy/member-lifecycle-schemas';
import { memberParamsSchema, memberSchema } from '@/lib/tenancy/member-schemas';
import { suspendMember } from '@/lib/tenancy/suspend-member';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/members/{id}/suspend',
    summary: 'Suspend a member: access to this tenant stops at once, roles kept (the last admin: 409 `conflict`)',
    description:
      'The member keeps their roles, teams and overrides for their return, and keeps their seat. Their sessions, tokens and API keys are refused in this tenant (403 `member_suspended`) from the next request; other tenants are not affected. Only a member within your power; never yourself (403). Already suspended: no change. Audited `member.suspended` with the reason; the member is mailed.',
    tags: ['Members'],
    access: 'members.remove',
    errors: ['conflict'],
    params: memberParamsSchema,
    body: suspendMemberSchema,
    response: memberSchema,
  },
  async ({ ctx, params, body }) => {
    const member = await suspendMember(ctx, params.id, body);
    kickDelivery();
    return member;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
