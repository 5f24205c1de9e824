import { tenantRoute } from '@/lib/http/route';
import { createBatch } from '@/lib/quality/create-batch';
import { listBatches } from '@/lib/quality/list-batches';
import {
  batchDetailSchema,
  batchListSchema,
  createBatchSchema,
  listBatchesQuerySchema,
  tenantOnlyParamsSchema,
} from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches',
    summary: 'Batches, newest first or in a chosen order',
    description:
      'Filter by `status` (repeat it for several), `siteId` and `q`: part of the batch number or product name, any case (`%` and `_` match themselves). ' +
      '`sort` is `created` (the default), `updated`, `number`, `product` (any case), `status` (in lifecycle order, planned first) or `expires`; ' +
      '`dir` is `asc` or `desc` (left out: newest first for `created` and `updated`, A–Z or earliest first for the others). ' +
      '`cursor` is the `nextCursor` of the previous page in the same order (a cursor of another order is 400).',
    tags: ['Batches'],
    access: 'batches.read',
    params: tenantOnlyParamsSchema,
    query: listBatchesQuerySchema,
    response: batchListSchema,
  },
  async ({ ctx, query }) => listBatches(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/batches',
    summary: 'Plan a batch',
    description:
      'On an active site (inactive: 409). `batchNumber` is GS1 AI (10), up to 20 characters, unique per tenant (409); `gtin`, when given, is 14 digits with a valid GS1 check digit. The batch starts `planned`.',
    tags: ['Batches'],
    access: 'batches.create',
    errors: ['conflict'],
    params: tenantOnlyParamsSchema,
    body: createBatchSchema,
    response: batchDetailSchema,
    status: 201,
  },
  async ({ ctx, body }) => createBatch(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
