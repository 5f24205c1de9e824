import { tenantRoute } from '@/lib/http/route';
import { getSampleSize } from '@/lib/quality/get-sample-size';
import { sampleSizeQuerySchema, sampleSizeSchema, tenantOnlyParamsSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/sample-size',
    summary: 'ISO 2859-1 sample size for a lot (general inspection level II, single sampling, normal inspection)',
    tags: ['Inspections'],
    access: 'member',
    params: tenantOnlyParamsSchema,
    query: sampleSizeQuerySchema,
    response: sampleSizeSchema,
  },
  ({ ctx, query }) => Promise.resolve(getSampleSize(ctx, query)),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
