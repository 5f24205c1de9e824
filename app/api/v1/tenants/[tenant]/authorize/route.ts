import { authorize } from '@/lib/access/authorize';
import { authorizeResultSchema, authorizeSchema } from '@/lib/access/override-schemas';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/authorize',
    summary: 'May a member do this? `{allowed, reason}` naming the deciding role, team, grant, deny or default_deny',
    description:
      'Any member may ask about themselves; asking about another `userId` needs members.read (403). A system context — the `system` field or the `X-System-Slug` header — makes the key `<system>:<permission>` (`stock.adjust` with `X-System-Slug: ims` is `ims:stock.adjust`); a `system` field that disagrees with the header is 400 naming `system`, an unknown header slug 404. Any key of an inactive system answers `{allowed:false, reason:"system_inactive"}`. A userId that is not a member: 404.',
    tags: ['Access'],
    access: 'member',
    params: tenantParamsSchema,
    body: authorizeSchema,
    response: authorizeResultSchema,
  },
  async ({ ctx, body }) => authorize(ctx, body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
