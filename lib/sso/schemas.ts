import { z } from 'zod';
import { roleRefList } from '@/lib/access/role-ref-schemas';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';

/**
 * Schemas of a tenant's SSO connections (`/api/v1/tenants/{tenant}/sso-connections`): used by the routes, the
 * settings form and OpenAPI. The common fields are checked here; the type's own fields (OIDC issuer and client, SAML
 * metadata) by lib/sso/oidc/prepare-connection.ts and lib/sso/saml/prepare-connection.ts, which also reach the IdP.
 */

export const SSO_CONNECTION_NAME_MAX = 60;
export const SSO_DEFAULT_ROLES_MAX = 50;
export const SSO_GROUP_MAPPINGS_MAX = 200;
export const SSO_GROUP_MAX = 256;

export const ssoConnectionParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

const name = z
  .string({ message: 'Enter a name.' })
  .trim()
  .min(2, 'At least 2 characters.')
  .max(SSO_CONNECTION_NAME_MAX, `At most ${SSO_CONNECTION_NAME_MAX} characters.`);

export const groupTeamMappingSchema = z.strictObject({
  group: z
    .string({ message: 'Enter the group name or id the identity provider sends.' })
    .trim()
    .min(1, 'Enter the group name or id the identity provider sends.')
    .max(SSO_GROUP_MAX, `At most ${SSO_GROUP_MAX} characters.`),
  teamId: z.uuid('Choose a team.'),
});

const groupTeamMappings = z
  .array(groupTeamMappingSchema, { message: 'A list of group and team pairs.' })
  .max(SSO_GROUP_MAPPINGS_MAX, `At most ${SSO_GROUP_MAPPINGS_MAX}.`)
  .refine((list) => new Set(list.map((m) => `${m.group}\u0000${m.teamId}`)).size === list.length, 'Each group and team pair only once.');

const common = {
  name,
  enabled: z.boolean({ message: 'Yes or no.' }).optional(),
  jitProvisioning: z.boolean({ message: 'Yes or no.' }).optional(),
  defaultRoles: roleRefList({ max: SSO_DEFAULT_ROLES_MAX }).optional(),
  groupTeamMappings: groupTeamMappings.optional(),
};

/** OIDC's own fields; checked further (and the issuer's discovery read) by prepareOidcConnection. */
const oidcFields = {
  issuer: z.string({ message: 'Enter the issuer URL.' }).trim().min(1, 'Enter the issuer URL.').max(2000, 'At most 2000 characters.'),
  clientId: z.string({ message: 'Enter the client ID.' }).trim().min(1, 'Enter the client ID.').max(512, 'At most 512 characters.'),
  clientSecret: z.string({ message: 'Enter the client secret.' }).min(1, 'Enter the client secret.').max(4096, 'At most 4096 characters.'),
  scopes: z.array(z.string().max(100, 'At most 100 characters.'), { message: 'A list of scopes.' }).max(20, 'At most 20.').optional(),
  groupsClaim: z.string().trim().min(1, 'Enter a claim name such as groups.').max(200, 'At most 200 characters.').optional(),
};

/** SAML's own fields: the IdP's metadata pasted or its URL; parsed by prepareSamlConnection. */
const samlFields = {
  metadataXml: z
    .string({ message: 'Paste the metadata XML.' })
    .max(1024 * 1024, 'At most 1 MB.')
    .optional(),
  metadataUrl: z.string({ message: 'Enter the metadata URL.' }).trim().max(2000, 'At most 2000 characters.').optional(),
  groupsAttribute: z.string().trim().min(1, 'Enter an attribute name such as groups.').max(200, 'At most 200 characters.').optional(),
};

export const createSsoConnectionSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('oidc'), ...common, ...oidcFields }),
      z.strictObject({ type: z.literal('saml'), ...common, ...samlFields }),
    ],
    { message: 'Choose oidc or saml.' },
  )
  .meta({
    examples: [
      {
        type: 'oidc',
        name: 'Acme Entra ID',
        issuer: 'https://login.microsoftonline.com/2f5e8a4c-0000-4000-8000-000000000000/v2.0',
        clientId: '0c9a7d1e-0000-4000-8000-000000000000',
        clientSecret: 'the client secret',
        groupsClaim: 'groups',
        defaultRoles: ['Viewer'],
        groupTeamMappings: [{ group: 'qa-berlin', teamId: EXAMPLE_IDS.team }],
      },
      { type: 'saml', name: 'Acme Okta', metadataUrl: 'https://acme.okta.com/app/exk1a2b3c4/sso/saml/metadata', defaultRoles: ['Viewer'] },
    ],
  });
export type CreateSsoConnectionInput = z.input<typeof createSsoConnectionSchema>;

/**
 * A change: any common field, and the type's own fields (the connection's type never changes). A field of the other
 * type is a 400 naming it. OIDC: a new issuer or client id without `clientSecret` keeps the stored secret.
 */
export const updateSsoConnectionSchema = z
  .strictObject({
    name: name.optional(),
    enabled: common.enabled,
    jitProvisioning: common.jitProvisioning,
    defaultRoles: common.defaultRoles,
    groupTeamMappings: common.groupTeamMappings,
    issuer: oidcFields.issuer.optional(),
    clientId: oidcFields.clientId.optional(),
    clientSecret: oidcFields.clientSecret.optional(),
    scopes: oidcFields.scopes,
    groupsClaim: oidcFields.groupsClaim,
    ...samlFields,
  })
  .meta({ examples: [{ enabled: false }, { defaultRoles: ['Viewer', 'QA Reviewer'] }] });
export type UpdateSsoConnectionInput = z.input<typeof updateSsoConnectionSchema>;

export const OIDC_ONLY_FIELDS = ['issuer', 'clientId', 'clientSecret', 'scopes', 'groupsClaim'] as const;
export const SAML_ONLY_FIELDS = ['metadataXml', 'metadataUrl', 'groupsAttribute'] as const;

const oidcConfigSchema = z
  .object({
    issuer: z.string(),
    clientId: z.string(),
    scopes: z.array(z.string()).optional(),
    groupsClaim: z.string().optional(),
  })
  .meta({ id: 'OidcConnectionConfig' });
const samlConfigSchema = z
  .object({
    idpEntityId: z.string(),
    idpSsoUrl: z.string(),
    idpCertificates: z.array(z.string()),
    metadataUrl: z.string().optional(),
    groupsAttribute: z.string().optional(),
  })
  .meta({ id: 'SamlConnectionConfig' });

/** An example connection id (the shared examples have none yet). */
const EXAMPLE_CONNECTION_ID = '3f9d2c41-6a7b-4e8f-9c0d-1e2f3a4b5c6d';
const exampleBase = `https://custos.example.com/sso/acme-pharma/${EXAMPLE_CONNECTION_ID}`;
const exampleConnection = {
  id: EXAMPLE_CONNECTION_ID,
  type: 'oidc' as const,
  name: 'Acme Entra ID',
  enabled: true,
  jitProvisioning: true,
  defaultRoleIds: [EXAMPLE_IDS.role],
  defaultRoles: [{ id: EXAMPLE_IDS.role, name: 'Viewer' }],
  groupTeamMappings: [{ group: 'qa-berlin', teamId: EXAMPLE_IDS.team }],
  config: {
    issuer: 'https://login.microsoftonline.com/2f5e8a4c-0000-4000-8000-000000000000/v2.0',
    clientId: '0c9a7d1e-0000-4000-8000-000000000000',
    groupsClaim: 'groups',
  },
  hasClientSecret: true,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
  startUrl: `${exampleBase}/start`,
  redirectUri: `${exampleBase}/oidc/callback`,
};

export const ssoConnectionSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(['oidc', 'saml']),
    name: z.string(),
    enabled: z.boolean(),
    jitProvisioning: z.boolean(),
    defaultRoleIds: z.array(z.uuid()),
    defaultRoles: z.array(z.object({ id: z.uuid(), name: z.string() })),
    groupTeamMappings: z.array(z.object({ group: z.string(), teamId: z.uuid() })),
    config: z.union([oidcConfigSchema, samlConfigSchema]),
    hasClientSecret: z.boolean(),
    createdAt: outputDateTime(),
    updatedAt: outputDateTime(),
    startUrl: z.string(),
    spEntityId: z.string().optional(),
    spMetadataUrl: z.string().optional(),
    acsUrl: z.string().optional(),
    redirectUri: z.string().optional(),
  })
  .meta({ id: 'SsoConnection', examples: [exampleConnection] });

export const ssoConnectionListSchema = z
  .object({ items: z.array(ssoConnectionSchema) })
  .meta({ id: 'SsoConnectionList', examples: [{ items: [exampleConnection] }] });
