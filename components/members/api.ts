import { readParam, readTableSort, sortDirection, type ParamSource } from '@/components/ui/table-sort';
import { MEMBER_SORT_DIRS, MEMBER_SORTS, type MemberSort } from '@/lib/tenancy/member-schemas';

export { ApiError, api } from '@/components/api-client';

export type Ref = { id: string; name: string };

export type Member = {
  id: string;
  user: { id: string; name: string; email: string; image: string | null };
  roles: Ref[];
  teams: Ref[];
  status: 'active' | 'suspended' | 'removed';
  /** Custom attribute values by key (lib/tenancy/member-attributes-policy.ts). */
  attributes: Record<string, string | number>;
  lastSignInAt: string | null;
  joinedAt: string;
};

export type AccessSource =
  { type: 'role'; id: string; name: string } | { type: 'team'; id: string; name: string; role: Ref } | { type: 'grant' };

export type MemberPermissions = {
  permissions: Array<{ permission: string; allowed: boolean; sources: AccessSource[]; decidedBy: string }>;
  denies: string[];
  overrides: { grant: string[]; deny: string[] };
};

/** A role as the roles list gives it: `system` is set for a role of a downstream system (names are unique per system). */
export type RoleOption = Ref & { description: string | null; isDefault: boolean; permissions: string[]; system: { slug: string } | null };
export type TeamOption = Ref & { roles: Ref[] };

/** The role filter's choices (every role; they are few): the panel and the server prefetch use exactly this key. */
export const roleOptionsKey = (tenant: string) => ['tenants', tenant, 'roles', 'options'] as const;

export const membersKey = (tenant: string) => ['tenants', tenant, 'members'] as const;
export const memberKey = (tenant: string, id: string) => ['tenants', tenant, 'members', id] as const;

/** The orders of the members list (`?sort=&dir=`): oldest joined first by default; each header turns both ways. */
export const memberSortOptions = {
  default: { id: 'joined', desc: MEMBER_SORT_DIRS.joined === 'desc' },
  allowed: MEMBER_SORTS,
};

/**
 * The members list's filters as the URL holds them (`?q=`, `?role=`, `?attribute=key:value`) and its order
 * (`readTableSort`: `?sort=&dir=`).
 */
export type MemberListFilters = { q: string; role: string; attribute: string; sort: MemberSort; dir: 'asc' | 'desc' };

/** The members list's query key for these filters (the panel and the server prefetch use exactly this). */
export const membersListKey = (tenant: string, filters: MemberListFilters) => [...membersKey(tenant), filters] as const;

/** The members list's filters and order from the URL (`?q=`, `?role=`, `?sort=&dir=`): the panel and the server page read it alike. */
export function readMemberListFilters(source: ParamSource): MemberListFilters {
  const sort = readTableSort(source, memberSortOptions);
  return {
    q: readParam(source, 'q') ?? '',
    role: readParam(source, 'role') ?? '',
    attribute: readParam(source, 'attribute') ?? '',
    sort: sort.id as MemberSort,
    dir: sortDirection(sort),
  };
}

/** The API query of the members list's first page for these filters (`GET …/members?…`; the loader takes it as is). */
export function memberListQuery(
  filters: MemberListFilters,
  limit = 50,
): { limit: string; q?: string; role?: string; attribute?: string; sort?: MemberSort; dir?: 'asc' | 'desc' } {
  const isDefault = filters.sort === 'joined' && filters.dir === MEMBER_SORT_DIRS.joined;
  return {
    limit: String(limit),
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.attribute ? { attribute: filters.attribute } : {}),
    ...(isDefault ? {} : { sort: filters.sort, dir: filters.dir }),
  };
}

/**
 * The members export's download address for these filters and order (`GET …/members/export?format=…`): the list's
 * query without its page size, so the file holds every member the list shows, in the same order.
 */
export function memberExportHref(tenant: string, filters: MemberListFilters, format: 'csv' | 'json'): string {
  const { limit: _pageSize, ...query } = memberListQuery(filters);
  return `/api/v1/tenants/${tenant}/members/export?${new URLSearchParams({ ...query, format })}`;
}
