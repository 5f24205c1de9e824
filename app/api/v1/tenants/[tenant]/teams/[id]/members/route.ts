import { tenantRoute } from '@/lib/http/route';
import { setTeamMembersSchema, teamIdParamsSchema, teamMembersSchema } from '@/lib/tenancy/team-schemas';
import { listTeamMembers } from '@/lib/tenancy/list-team-members';
import { setTeamMembers } from '@/lib/tenancy/set-team-members';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/teams/{id}/members',
    summary: 'Members of a team',
    tags: ['Teams'],
    access: 'teams.read',
    params: teamIdParamsSchema,
    response: teamMembersSchema,
  },
  async ({ ctx, params }) => listTeamMembers(ctx, params.id),
);

export const PUT = tenantRoute(
  {
    method: 'PUT',
    path: '/api/v1/tenants/{tenant}/teams/{id}/members',
    summary: 'Replace the members of a team',
    description: "Adding people gives them the team's roles: you must hold every permission of those roles (403).",
    tags: ['Teams'],
    access: 'teams.manage',
    errors: ['conflict'],
    params: teamIdParamsSchema,
    body: setTeamMembersSchema,
    response: teamMembersSchema,
  },
  async ({ ctx, params, body }) => setTeamMembers(ctx, params.id, body),
);

export const { POST, PATCH, DELETE } = methodsNotAllowed(['GET', 'PUT']);
