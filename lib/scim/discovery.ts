import { SCIM_MAX_RESULTS } from './policy';

/** RFC 7643 §5–7: what this SCIM service supports, its resource types and the schemas of their attributes. */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: new URL('/api/docs', base).toString(),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A SCIM token made on the tenant’s SCIM settings page, sent as Authorization: Bearer <token>.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A member of the tenant (id: the membership id; userName: the email address).',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A team of the tenant.',
      schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  uniqueness?: 'none' | 'server' | 'global';
  caseExact?: boolean;
  description: string;
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

function attribute(a: Attribute): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: a.description,
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: a.uniqueness ?? 'none',
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
  };
}

const SCHEMAS = [
  {
    id: USER_SCHEMA,
    name: 'User',
    description: 'A member of the tenant.',
    attributes: [
      { name: 'userName', type: 'string', required: true, uniqueness: 'server', description: 'The email address; it signs the person in.' },
      {
        name: 'name',
        type: 'complex',
        description: 'The person’s name (one name is kept: formatted, or given and family name joined).',
        subAttributes: [
          { name: 'formatted', type: 'string', description: 'The full name.' },
          { name: 'givenName', type: 'string', description: 'Given name.' },
          { name: 'familyName', type: 'string', description: 'Family name.' },
        ],
      },
      { name: 'displayName', type: 'string', description: 'The name shown in Custos.' },
      {
        name: 'emails',
        type: 'complex',
        multiValued: true,
        description: 'The work address (the same as userName).',
        subAttributes: [
          { name: 'value', type: 'string', description: 'The address.' },
          { name: 'type', type: 'string', description: 'work' },
          { name: 'primary', type: 'boolean', description: 'Always true.' },
        ],
      },
      { name: 'active', type: 'boolean', description: 'false suspends the membership at once; true reactivates it.' },
      {
        name: 'groups',
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        description: 'The teams the member is on (change them through /Groups).',
        subAttributes: [
          { name: 'value', type: 'string', mutability: 'readOnly', description: 'The team id.' },
          { name: 'display', type: 'string', mutability: 'readOnly', description: 'The team name.' },
        ],
      },
    ] satisfies Attribute[],
  },
  {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'A team of the tenant.',
    attributes: [
      { name: 'displayName', type: 'string', required: true, uniqueness: 'server', description: 'The team name.' },
      {
        name: 'members',
        type: 'complex',
        multiValued: true,
        description: 'Members of the team.',
        subAttributes: [
          { name: 'value', type: 'string', mutability: 'immutable', description: 'The member (User) id.' },
          { name: 'display', type: 'string', mutability: 'readOnly', description: 'The member’s email address.' },
        ],
      },
    ] satisfies Attribute[],
  },
  {
    id: ENTERPRISE_USER_SCHEMA,
    name: 'EnterpriseUser',
    description:
      'Fills the tenant’s member attributes of the same key (employeeNumber, department, manager) where the tenant defines them; ignored otherwise.',
    attributes: [
      { name: 'employeeNumber', type: 'string', description: 'Member attribute employeeNumber.' },
      { name: 'department', type: 'string', description: 'Member attribute department.' },
      {
        name: 'manager',
        type: 'complex',
        description: 'Member attribute manager (its value).',
        subAttributes: [{ name: 'value', type: 'string', description: 'The manager’s id in the directory.' }],
      },
    ] satisfies Attribute[],
  },
];

export function schemaResources(base: string) {
  return SCHEMAS.map((s) => ({
    schemas: [SCHEMA_SCHEMA],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map((a) => attribute(a as Attribute)),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  }));
}

/** A ListResponse (RFC 7644 §3.4.2) of resources that are all returned at once. */
export function listOf<T>(resources: T[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}
