import { overridesSchema, setOverridesSchema } from '@/lib/access/override-schemas';
import { setOverrides } from '@/lib/access/set-overrides';
import { tenantRoute } from '@/lib/http/route';
import { memberParamsSchema } from '@/lib/tenancy/member-schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const PUT = tenantRoute(
  {
    method: 'PUT',
    path: '/api/v1/tenants/{tenant}/members/{id}/overrides',
    summary: 'Replace a member’s direct grants and explicit denies (an explicit deny beats every grant)',
    description:
      'Keys are catalog permissions or keys of a registered system (`<slug>:<resource.action>`); unknown keys or a key in both lists: 400 naming the field. Granting needs the caller to hold the permission (403); nobody edits their own overrides (403).',
    tags: ['Members'],
    access: 'members.update',
    errors: ['conflict', 'mfa_required'],
    params: memberParamsSchema,
    body: setOverridesSchema,
    response: overridesSchema,
  },
  async ({ ctx, params, body }) => setOverrides(ctx, params.id, body),
);

export const { GET, POST, PATCH, DELETE } = methodsNotAllowed(['PUT']);
