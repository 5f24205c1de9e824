import { tenantRoute } from '@/lib/http/route';
import { getMember } from '@/lib/tenancy/list-members';
import { memberParamsSchema, memberSchema, updateMemberSchema } from '@/lib/tenancy/member-schemas';
import { removeMember } from '@/lib/tenancy/remove-member';
import { updateMember } from '@/lib/tenancy/update-member';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/members/{id}',
    summary: 'One member by membership id (404 when removed or another tenant’s)',
    tags: ['Members'],
    access: 'members.read',
    params: memberParamsSchema,
    response: memberSchema,
  },
  async ({ ctx, params }) => getMember(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/members/{id}',
    summary: 'Replace a member’s direct roles and/or teams, or change their attributes (bad ids or values: 400 naming the field)',
    description:
      'Nobody changes their own roles or teams (403); every permission of an added role or team must be held by the caller (403); the last admin cannot be demoted (409 `conflict`). ' +
      '`attributes` merges into the member’s custom attribute values (`settings.memberAttributes` of the tenant): keys left out stay, `null` clears one; an unknown key, a value its definition refuses or a required attribute left empty is 400 naming `attributes.<key>`. A change of attributes alone may also be one’s own.',
    tags: ['Members'],
    access: 'members.update',
    errors: ['conflict', 'mfa_required'],
    params: memberParamsSchema,
    body: updateMemberSchema,
    response: memberSchema,
  },
  async ({ ctx, params, body }) => updateMember(ctx, params.id, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/members/{id}',
    summary: 'Remove a member (the last admin: 409 `conflict`)',
    description: 'The membership becomes `removed` and loses its roles, teams and overrides.',
    tags: ['Members'],
    access: 'members.remove',
    errors: ['conflict'],
    params: memberParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => removeMember(ctx, params.id),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
