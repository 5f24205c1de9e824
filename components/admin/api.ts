import { TENANT_SORT_DIRS, TENANT_SORTS } from '@/lib/platform-admin/schemas';

export { ApiError, api } from '@/components/api-client';

/** Zod-style `[{path, message}]` to `{ field: message }` (first message per field). */
export function errorsByField(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path.replace(/^query\./, '')] ??= e.message;
  return out;
}

/** Every query of the platform's tenant list (to invalidate after a change). */
export const adminTenantsKey = ['admin', 'tenants'] as const;
/** The tenant list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const adminTenantsListKey = (filters: { q: string; sort: string; dir: string }) => [...adminTenantsKey, filters] as const;

/** The orders of the tenant list (`?sort=&dir=`): slug A–Z by default; each header turns both ways. */
export const adminTenantSortOptions = {
  default: { id: 'slug', desc: TENANT_SORT_DIRS.slug === 'desc' },
  allowed: TENANT_SORTS,
};
