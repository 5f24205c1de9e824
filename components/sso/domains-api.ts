/** The tenant domains list's query key: the settings page prefetches under it and the domains section reads it. */
export const domainsQueryKey = (slug: string) => ['tenant-domains', slug];
