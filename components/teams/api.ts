import { TEAM_SORT_DIRS, TEAM_SORTS, type TeamSort } from '@/lib/tenancy/team-schemas';
import { readParam, readTableSort, sortDirection, type ParamSource } from '@/components/ui/table-sort';

/** The orders of the teams list (`?sort=&dir=`): A–Z by name by default; each header turns both ways. */
export const teamSortOptions = {
  default: { id: 'name', desc: TEAM_SORT_DIRS.name === 'desc' },
  allowed: TEAM_SORTS,
};

/** The teams list's search and order as the URL holds them. */
export type TeamListFilters = { q: string; sort: TeamSort; dir: 'asc' | 'desc' };

/** Every query of a tenant's teams (to invalidate after a change). */
export const teamsKey = (tenant: string) => ['tenant', tenant, 'teams'] as const;
/** The teams list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const teamsListKey = (tenant: string, filters: TeamListFilters) => [...teamsKey(tenant), 'list', filters] as const;

/** The teams list's search and order from the URL (`?q=`, `?sort=&dir=`): the panel and the server page read it alike. */
export function readTeamListFilters(source: ParamSource): TeamListFilters {
  const sort = readTableSort(source, teamSortOptions);
  return { q: readParam(source, 'q') ?? '', sort: sort.id as TeamSort, dir: sortDirection(sort) };
}

/** The API query of the teams list's first page for these filters (the loader takes it as is). */
export function teamListQuery(filters: TeamListFilters): { limit: string; q?: string; sort?: TeamSort; dir?: 'asc' | 'desc' } {
  const isDefault = filters.sort === 'name' && filters.dir === TEAM_SORT_DIRS.name;
  return { limit: '50', ...(filters.q ? { q: filters.q } : {}), ...(isDefault ? {} : { sort: filters.sort, dir: filters.dir }) };
}
