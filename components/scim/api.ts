/** The SCIM tokens list's query key: the settings page prefetches under it and the SCIM section reads it. */
export const scimTokensKey = (slug: string) => ['tenants', slug, 'scim-tokens'] as const;

/** The SCIM tokens endpoint of a tenant. */
export const scimTokensUrl = (slug: string) => `/api/v1/tenants/${encodeURIComponent(slug)}/scim-tokens`;
