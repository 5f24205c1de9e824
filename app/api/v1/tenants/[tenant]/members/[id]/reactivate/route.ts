import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { memberParamsSchema, memberSchema } from '@/lib/tenancy/member-schemas';
import { reactivateMember } from '@/lib/tenancy/reactivate-member';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/members/{id}/reactivate',
    summary: 'Reactivate a suspended member: access returns with the roles, teams and overrides they had',
    description:
      'Only a member within your power (their kept permissions count). Already active: no change. Audited `member.reactivated`; the member is mailed.',
    tags: ['Members'],
    access: 'members.remove',
    params: memberParamsSchema,
    response: memberSchema,
  },
  async ({ ctx, params }) => {
    const member = await reactivateMember(ctx, params.id);
    kickDelivery();
    return member;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
