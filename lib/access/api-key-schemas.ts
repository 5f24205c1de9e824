import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_PERSON, EXAMPLE_TIMES } from '@/lib/api-examples';
import { sortDirSchema, type SortDir } from '@/lib/list-order';
import { outputDateTime } from '@/lib/validation';

/** Zod schemas of the API-keys endpoints (`/api/v1/tenants/{tenant}/api-keys`), shared by route, form and OpenAPI. */

export const API_KEY_NAME_MAX = 100;
/** How many scopes one key may carry (the catalog plus a generous number of system keys). */
export const API_KEY_SCOPES_MAX = 200;

/** `resource.action` from the catalog, or `<system-slug>:<resource.action>` registered by a system. */
export const scopeKeySchema = z
  .string()
  .trim()
  .regex(/^(?:[a-z0-9][a-z0-9-]{0,62}:)?[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$/, 'Not a permission key.');

export const createApiKeySchema = z
  .strictObject({
    name: z
      .string({ message: 'Enter a name.' })
      .trim()
      .min(1, 'Enter a name.')
      .max(API_KEY_NAME_MAX, `At most ${API_KEY_NAME_MAX} characters.`),
    permissions: z
      .array(scopeKeySchema, { message: 'Choose at least one permission.' })
      .min(1, 'Choose at least one permission.')
      .max(API_KEY_SCOPES_MAX, `At most ${API_KEY_SCOPES_MAX} permissions.`),
    /** ISO-8601 date-time in the future; omitted or null for a key that does not expire. */
    expiresAt: z.iso.datetime({ offset: true, message: 'Use an ISO-8601 date-time such as 2030-01-01T00:00:00Z.' }).nullish(),
  })
  .meta({
    examples: [{ name: 'LIMS integration', permissions: ['batches.read', 'inspections.create'], expiresAt: '2027-01-01T00:00:00Z' }],
  });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyStatusSchema = z.enum(['active', 'expired', 'revoked']);
export type ApiKeyStatus = z.infer<typeof apiKeyStatusSchema>;

const apiKeyFields = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: outputDateTime(),
  expiresAt: outputDateTime().nullable(),
  lastUsedAt: outputDateTime().nullable(),
  revokedAt: outputDateTime().nullable(),
  status: apiKeyStatusSchema,
});
const exampleApiKey = {
  id: EXAMPLE_IDS.apiKey,
  name: 'LIMS integration',
  prefix: 'ck_live_7Hc1',
  permissions: ['batches.read', 'inspections.create'],
  createdBy: EXAMPLE_PERSON,
  createdAt: EXAMPLE_TIMES.created,
  expiresAt: '2027-01-01T00:00:00.000Z',
  lastUsedAt: EXAMPLE_TIMES.updated,
  revokedAt: null,
  status: 'active' as const,
};
export const apiKeySchema = apiKeyFields.meta({ id: 'ApiKey', examples: [exampleApiKey] });
export type ApiKeyView = z.infer<typeof apiKeySchema>;

/** The 201 answer of a create: the only time `key` is ever shown. */
export const createdApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    permissions: z.array(z.string()),
    expiresAt: outputDateTime().nullable(),
    createdAt: outputDateTime(),
    key: z.string(),
  })
  .meta({
    id: 'CreatedApiKey',
    examples: [
      {
        id: EXAMPLE_IDS.apiKey,
        name: 'LIMS integration',
        prefix: 'ck_live_7Hc1',
        permissions: ['batches.read', 'inspections.create'],
        expiresAt: '2027-01-01T00:00:00.000Z',
        createdAt: EXAMPLE_TIMES.created,
        key: 'ck_live_7Hc1.q3Vt9xR2mLp8ZkW4nYb7Hc1sJd6Fg0AeTz5',
      },
    ],
  });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const API_KEY_SORTS = ['created', 'name', 'last_used'] as const;
export const apiKeySortSchema = z.enum(API_KEY_SORTS, { message: 'Use created, name or last_used.' });
export type ApiKeySort = z.infer<typeof apiKeySortSchema>;
/** The direction each order takes when `?dir=` is left out. */
export const API_KEY_SORT_DIRS: Record<ApiKeySort, SortDir> = { created: 'desc', name: 'asc', last_used: 'desc' };

export const apiKeyListQuerySchema = z.strictObject({
  limit: z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(200).optional(),
  status: apiKeyStatusSchema.optional(),
  /** `created` (newest first, the default), `name` (A–Z) or `last_used` (most recently used first, never used last). */
  sort: apiKeySortSchema.default('created'),
  /** `asc` or `desc`; left out, the order's own direction (`last_used` ascending: never used first, then least recently). */
  dir: sortDirSchema.optional(),
});

export const apiKeyListSchema = z
  .object({ data: z.array(apiKeySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ApiKeyPage', examples: [{ data: [exampleApiKey], nextCursor: null }] });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const apiKeyParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });
