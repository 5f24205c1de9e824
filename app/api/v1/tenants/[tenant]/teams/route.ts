import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { createTeamSchema, listTeamsQuerySchema, teamListSchema, teamSchema } from '@/lib/tenancy/team-schemas';
import { createTeam } from '@/lib/tenancy/create-team';
import { listTeams } from '@/lib/tenancy/list-teams';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/teams',
    summary: 'Teams with their roles and members',
    description:
      '`q` matches part of the name. `sort` orders by `name` (A–Z, the default) or `created` (newest first); `dir` (`asc`/`desc`) turns the order round, ties broken by id the same way. Cursor pagination with a cursor per order and direction: one from another order or direction is 400 naming `query.cursor`.',
    tags: ['Teams'],
    access: 'teams.read',
    params: tenantParamsSchema,
    query: listTeamsQuerySchema,
    response: teamListSchema,
  },
  async ({ ctx, query }) => listTeams(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/teams',
    summary: 'Create a team, optionally with roles',
    description: 'Members of a team get its roles. You can only attach roles whose permissions you hold (403).',
    tags: ['Teams'],
    access: 'teams.manage',
    errors: ['conflict'],
    params: tenantParamsSchema,
    body: createTeamSchema,
    response: teamSchema,
    status: 201,
  },
  async ({ ctx, body }) => createTeam(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
