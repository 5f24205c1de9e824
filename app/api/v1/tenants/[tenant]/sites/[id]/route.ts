import { tenantRoute } from '@/lib/http/route';
import { getSite } from '@/lib/quality/get-site';
import { recordIdParamsSchema, siteSchema, updateSiteSchema } from '@/lib/quality/schemas';
import { updateSite } from '@/lib/quality/update-site';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/sites/{id}',
    summary: 'A site',
    tags: ['Sites'],
    access: 'sites.read',
    params: recordIdParamsSchema,
    response: siteSchema,
  },
  async ({ ctx, params }) => getSite(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/sites/{id}',
    summary: 'Correct a site, or (de)activate it',
    description: 'An inactive site takes no new batches (409). Sites are never deleted. `reason` is kept in the audit trail.',
    tags: ['Sites'],
    access: 'sites.manage',
    errors: ['conflict'],
    params: recordIdParamsSchema,
    body: updateSiteSchema,
    response: siteSchema,
  },
  async ({ ctx, params, body }) => updateSite(ctx, params.id, body),
);

export const { POST, PUT, DELETE } = methodsNotAllowed(['GET', 'PATCH']);
