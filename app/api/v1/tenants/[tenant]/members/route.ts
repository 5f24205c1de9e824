import { tenantRoute } from '@/lib/http/route';
import { listMembers } from '@/lib/tenancy/list-members';
import { listMembersQuerySchema, memberListSchema } from '@/lib/tenancy/member-schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/members',
    summary: 'Active members with roles, teams and last sign-in',
    description:
      '`q` matches name or email; `role` (a role id or name) keeps members holding it directly or through a team; `attribute=key:value` (repeatable, all must match) keeps members whose custom attribute matches: text by a part in any case, a choice in any case, a number or date exactly (an unknown key or a value its type refuses: 400 naming `query.attribute`). `sort` orders by `joined` (oldest first, the default) or `name` (A–Z, case-insensitive); `dir` (`asc`/`desc`) turns the order round, ties broken by id the same way. Cursor pagination with a cursor per order and direction: one from another order or direction is 400 naming `query.cursor`.',
    tags: ['Members'],
    access: 'members.read',
    params: tenantParamsSchema,
    query: listMembersQuerySchema,
    response: memberListSchema,
  },
  async ({ ctx, query }) => listMembers(ctx, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
