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
    description:
      'With `X-System-Slug: {slug}`, only that system’s keys (and denies) are listed. Keys of an inactive system are listed as not allowed, decided by `system_inactive`.',
    tags: ['Members'],
    access: 'members.read',
    params: memberParamsSchema,
    response: memberPermissionsSchema,
  },
  async ({ ctx, params }) => getMemberPermissions(ctx, params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
