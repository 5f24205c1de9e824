import { SYSTEM_SORTS } from '@/lib/access/role-schemas';

/** The orders of the systems list (`?sort=`), each one way: `slug` A–Z (the default), `name` A–Z, `created` newest first. */
export const systemSortOptions = {
  default: { id: 'slug', desc: false },
  allowed: SYSTEM_SORTS,
  fixed: { slug: 'asc', name: 'asc', created: 'desc' },
} as const;

/** Every query of a tenant's systems (to invalidate after a change). */
export const systemsKey = (tenant: string) => ['tenant', tenant, 'systems'] as const;
/** The systems list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const systemsListKey = (tenant: string, filters: { q: string; sort: string }) => [...systemsKey(tenant), 'list', filters] as const;
