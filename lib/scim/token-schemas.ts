import { z } from 'zod';
import { EXAMPLE_PERSON, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';

/** Zod schemas of the SCIM-token endpoints (`/api/v1/tenants/{tenant}/scim-tokens`), shared by route, form and OpenAPI. */

export const SCIM_TOKEN_NAME_MAX = 100;

export const createScimTokenSchema = z
  .strictObject({
    name: z
      .string({ message: 'Enter a name.' })
      .trim()
      .min(1, 'Enter a name.')
      .max(SCIM_TOKEN_NAME_MAX, `At most ${SCIM_TOKEN_NAME_MAX} characters.`),
  })
  .meta({ examples: [{ name: 'Okta' }] });
export type CreateScimTokenInput = z.input<typeof createScimTokenSchema>;

export const scimTokenParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

export const scimTokenStatusSchema = z.enum(['active', 'revoked']);

const EXAMPLE_SCIM_TOKEN_ID = '0b6f1f3e-5a3c-4c1d-9d0e-7f2b7c1e9a41';

const exampleScimToken = {
  id: EXAMPLE_SCIM_TOKEN_ID,
  name: 'Okta',
  prefix: 'k3v7q2mx9a',
  createdBy: EXAMPLE_PERSON,
  createdAt: EXAMPLE_TIMES.created,
  lastUsedAt: EXAMPLE_TIMES.updated,
  revokedAt: null,
  status: 'active' as const,
};

export const scimTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The token's public start (`scim_<prefix>`), to tell tokens apart; never the secret. */
    prefix: z.string(),
    createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    createdAt: outputDateTime(),
    lastUsedAt: outputDateTime().nullable(),
    revokedAt: outputDateTime().nullable(),
    status: scimTokenStatusSchema,
  })
  .meta({
    id: 'ScimToken',
    examples: [exampleScimToken],
  });
export type ScimTokenView = z.infer<typeof scimTokenSchema>;

export const scimTokenListSchema = z.object({ data: z.array(scimTokenSchema), scimBaseUrl: z.string() }).meta({
  id: 'ScimTokenList',
  examples: [{ data: [exampleScimToken], scimBaseUrl: 'https://custos.example.com/scim/v2/acme' }],
});
export type ScimTokenList = z.infer<typeof scimTokenListSchema>;

export const createdScimTokenSchema = z
  .object({ id: z.uuid(), name: z.string(), prefix: z.string(), createdAt: outputDateTime(), token: z.string(), scimBaseUrl: z.string() })
  .meta({
    id: 'CreatedScimToken',
    examples: [
      {
        id: EXAMPLE_SCIM_TOKEN_ID,
        name: 'Okta',
        prefix: 'k3v7q2mx9a',
        createdAt: EXAMPLE_TIMES.created,
        token: 'scim_k3v7q2mx9a_2G0m3pX1tXzq0mC5d8w4b1h9jL6n7e2sV3r8yK0aQfU',
        scimBaseUrl: 'https://custos.example.com/scim/v2/acme',
      },
    ],
  });
export type CreatedScimToken = z.infer<typeof createdScimTokenSchema>;
