import { z } from 'zod';

/** Zod schemas of the API-keys endpoints (`/api/v1/tenants/{tenant}/api-keys`), shared by route, form and OpenAPI. */

export const API_KEY_NAME_MAX = 100;
/** How many scopes one key may carry (the catalog plus a generous number of system keys). */
export const API_KEY_SCOPES_MAX = 200;

/** `resource.action` from the catalog, or `<system-slug>:<resource.action>` registered by a system. */
export const scopeKeySchema = z
  .string()
  .trim()
  .regex(/^(?:[a-z0-9][a-z0-9-]{0,62}:)?[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$/, 'Not a permission key.');

export const createApiKeySchema = z.strictObject({
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
  expiresAt: z.iso
    .datetime({ offset: true, message: 'Use an ISO-8601 date-time such as 2030-01-01T00:00:00Z.' })
    .nullish(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyStatusSchema = z.enum(['active', 'expired', 'revoked']);
export type ApiKeyStatus = z.infer<typeof apiKeyStatusSchema>;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: apiKeyStatusSchema,
});
export type ApiKeyView = z.infer<typeof apiKeySchema>;

/** The 201 answer of a create: the only time `key` is ever shown. */
export const createdApiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  key: z.string(),
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const API_KEY_SORTS = ['created', 'name', 'last_used'] as const;
export const apiKeySortSchema = z.enum(API_KEY_SORTS, { message: 'Use created, name or last_used.' });
export type ApiKeySort = z.infer<typeof apiKeySortSchema>;

export const apiKeyListQuerySchema = z.strictObject({
  limit: z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(200).optional(),
  status: apiKeyStatusSchema.optional(),
  /** `created` (newest first, the default), `name` (A–Z) or `last_used` (most recently used first, never used last). */
  sort: apiKeySortSchema.default('created'),
});

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema), nextCursor: z.string().nullable() });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const apiKeyParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });
