import { tenantRoute } from '@/lib/http/route';
import { createSite } from '@/lib/quality/create-site';
import { listSites } from '@/lib/quality/list-sites';
import { createSiteSchema, listSitesQuerySchema, siteListSchema, siteSchema, tenantOnlyParamsSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/sites',
    summary: 'Manufacturing sites, by code or name',
    description:
      '`sort` is `code` (the default) or `name` (any case), `dir` `asc` (the default) or `desc`; `active` filters. ' +
      '`cursor` is the `nextCursor` of the previous page in the same order (a cursor of another order is 400).',
    tags: ['Sites'],
    access: 'sites.read',
    params: tenantOnlyParamsSchema,
    query: listSitesQuerySchema,
    response: siteListSchema,
  },
  async ({ ctx, query }) => listSites(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/sites',
    summary: 'Register a site',
    description: 'The code is upper-cased and unique per tenant (409 `conflict`).',
    tags: ['Sites'],
    access: 'sites.manage',
    errors: ['conflict'],
    params: tenantOnlyParamsSchema,
    body: createSiteSchema,
    response: siteSchema,
    status: 201,
  },
  async ({ ctx, body }) => createSite(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
