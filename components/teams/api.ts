import { TEAM_SORTS } from '@/lib/tenancy/team-schemas';

/** The orders of the teams list (`?sort=`), each one way: `name` A–Z (the default), `created` newest first. */
export const teamSortOptions = {
  default: { id: 'name', desc: false },
  allowed: TEAM_SORTS,
  fixed: { name: 'asc', created: 'desc' },
} as const;

/** Every query of a tenant's teams (to invalidate after a change). */
export const teamsKey = (tenant: string) => ['tenant', tenant, 'teams'] as const;
/** The teams list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const teamsListKey = (tenant: string, filters: { q: string; sort: string }) => [...teamsKey(tenant), 'list', filters] as const;
