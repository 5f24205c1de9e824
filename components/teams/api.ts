import { TEAM_SORTS, type TeamSort } from '@/lib/tenancy/team-schemas';
import { readParam, readTableSort, type ParamSource } from '@/components/ui/table-sort';

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

/** The teams list's search and order from the URL (`?q=`, `?sort=`): the panel and the server page read it alike. */
export function readTeamListFilters(source: ParamSource): { q: string; sort: TeamSort } {
  return { q: readParam(source, 'q') ?? '', sort: readTableSort(source, teamSortOptions).id as TeamSort };
}

/** The API query of the teams list's first page for these filters (the loader takes it as is). */
export function teamListQuery(filters: { q: string; sort: TeamSort }): { limit: string; q?: string; sort?: TeamSort } {
  return { limit: '50', ...(filters.q ? { q: filters.q } : {}), ...(filters.sort !== 'name' ? { sort: filters.sort } : {}) };
}
