import { getMemberPermissions } from '@/lib/access/member-permissions';
import { memberPermissionsSchema } from '@/lib/access/override-schemas';
import { tenantRoute } from '@/lib/http/route';
import { memberParamsSchema } from '@/lib/tenancy/member-schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/members/{id}/permissions',
    summary: 'A member’s effective permissions, the source of each and what decided it',
    tags: ['Members'],
    access: 'members.read',
    params: memberParamsSchema,
    response: memberPermissionsSchema,
  },
  async ({ ctx, params }) => getMemberPermissions(ctx, params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
