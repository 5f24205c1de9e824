import { tenantRoute } from '@/lib/http/route';
import { teamIdParamsSchema, teamSchema, updateTeamSchema } from '@/lib/tenancy/team-schemas';
import { deleteTeam } from '@/lib/tenancy/delete-team';
import { getTeam } from '@/lib/tenancy/get-team';
import { updateTeam } from '@/lib/tenancy/update-team';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/teams/{id}',
    summary: 'A team with its roles and members',
    tags: ['Teams'],
    access: 'teams.read',
    params: teamIdParamsSchema,
    response: teamSchema,
  },
  async ({ ctx, params }) => getTeam(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/teams/{id}',
    summary: 'Rename a team or replace its roles',
    tags: ['Teams'],
    access: 'teams.manage',
    errors: ['conflict'],
    params: teamIdParamsSchema,
    body: updateTeamSchema,
    response: teamSchema,
  },
  async ({ ctx, params, body }) => updateTeam(ctx, params.id, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/teams/{id}',
    summary: 'Delete a team (its members lose its roles)',
    tags: ['Teams'],
    access: 'teams.manage',
    params: teamIdParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteTeam(ctx, params.id),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
