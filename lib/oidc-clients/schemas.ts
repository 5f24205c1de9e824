import { z } from 'zod';
import { EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { CLIENT_NAME_MAX, MAX_REDIRECT_URI_LENGTH, MAX_REDIRECT_URIS, OIDC_CLIENT_TYPES, OIDC_GRANT_TYPES } from './policy';

/**
 * Zod schemas of a system's OpenID client endpoints (`/api/v1/tenants/{tenant}/systems/{slug}/clients`), shared by
 * route, form and OpenAPI. The rules that look at a client as a whole (URI shapes, grants against type) are in
 * policy.ts and run after these, on the merged settings.
 */

const name = z
  .string({ message: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(CLIENT_NAME_MAX, `At most ${CLIENT_NAME_MAX} characters.`);
// The list's own length is checked by policy.ts too; this bound keeps a huge body from being walked at all.
const uriList = z
  .array(z.string({ message: 'Must be text.' }).trim().min(1, 'Enter an address.').max(MAX_REDIRECT_URI_LENGTH), {
    message: 'Must be a list of addresses.',
  })
  .max(MAX_REDIRECT_URIS, `At most ${MAX_REDIRECT_URIS} addresses.`);
const grantTypes = z
  .array(z.enum(OIDC_GRANT_TYPES, { message: `One of ${OIDC_GRANT_TYPES.join(', ')}.` }), { message: 'Must be a list of grant types.' })
  .max(OIDC_GRANT_TYPES.length);

export const createOidcClientSchema = z
  .strictObject({
    name,
    type: z.enum(OIDC_CLIENT_TYPES, { message: 'Either confidential or public.' }),
    redirectUris: uriList,
    postLogoutRedirectUris: uriList.optional(),
    /** Default: confidential authorization_code, refresh_token, client_credentials; public the first two. */
    grantTypes: grantTypes.optional(),
    /** First-party clients skip the consent page. Default true. */
    firstParty: z.boolean({ message: 'Must be true or false.' }).optional(),
  })
  .meta({
    examples: [{ name: 'LIMS web', type: 'confidential', redirectUris: ['https://lims.example.com/auth/callback'] }],
  });
export type CreateOidcClientInput = z.input<typeof createOidcClientSchema>;

export const updateOidcClientSchema = z
  .strictObject({
    name: name.optional(),
    redirectUris: uriList.optional(),
    postLogoutRedirectUris: uriList.optional(),
    grantTypes: grantTypes.optional(),
    firstParty: z.boolean({ message: 'Must be true or false.' }).optional(),
  })
  .meta({ examples: [{ redirectUris: ['https://lims.example.com/auth/callback', 'https://lims-staging.example.com/auth/callback'] }] });
export type UpdateOidcClientInput = z.input<typeof updateOidcClientSchema>;

export const oidcClientParamsSchema = z.strictObject({
  tenant: z.string().min(1).max(63),
  slug: z.string().min(1).max(100),
  clientId: z.string().min(1).max(100),
});

const EXAMPLE_CLIENT = {
  id: '5d1b7e0a-2f4c-4b8e-9a61-3c0f2e7d9b15',
  clientId: 'cus_Zk3v7q2mx9aR4tW8yB1nQe',
  name: 'LIMS web',
  type: 'confidential' as const,
  redirectUris: ['https://lims.example.com/auth/callback'],
  postLogoutRedirectUris: ['https://lims.example.com/'],
  grantTypes: ['authorization_code' as const, 'refresh_token' as const, 'client_credentials' as const],
  firstParty: true,
  createdAt: EXAMPLE_TIMES.created,
  secretRotatedAt: EXAMPLE_TIMES.created,
};

export const oidcClientSchema = z
  .object({
    id: z.uuid(),
    /** The public client id the downstream system is configured with. */
    clientId: z.string(),
    name: z.string(),
    type: z.enum(OIDC_CLIENT_TYPES),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    grantTypes: z.array(z.enum(OIDC_GRANT_TYPES)),
    firstParty: z.boolean(),
    createdAt: outputDateTime(),
    /** When the current secret was made (confidential clients); null for public clients. */
    secretRotatedAt: outputDateTime().nullable(),
  })
  .meta({ id: 'OidcClient', examples: [EXAMPLE_CLIENT] });
export type OidcClientView = z.infer<typeof oidcClientSchema>;

export const oidcClientListSchema = z
  .object({ data: z.array(oidcClientSchema) })
  .meta({ id: 'OidcClientList', examples: [{ data: [EXAMPLE_CLIENT] }] });
export type OidcClientList = z.infer<typeof oidcClientListSchema>;

export const oidcClientWithSecretSchema = oidcClientSchema
  .extend({
    /** The client secret, in this answer only (confidential clients); null for public clients. */
    clientSecret: z.string().nullable(),
  })
  .meta({
    id: 'OidcClientWithSecret',
    examples: [{ ...EXAMPLE_CLIENT, clientSecret: 'x2G0m3pX1tXzq0mC5d8w4b1h9jL6n7e2sV3r8yK0aQf' }],
  });
export type OidcClientWithSecret = z.infer<typeof oidcClientWithSecretSchema>;
