export { ApiError, api } from '@/components/api-client';

export type Ref = { id: string; name: string };

export type Member = {
  id: string;
  user: { id: string; name: string; email: string; image: string | null };
  roles: Ref[];
  teams: Ref[];
  status: 'active' | 'removed';
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

export type RoleOption = Ref & { description: string | null; isDefault: boolean; permissions: string[] };
export type TeamOption = Ref & { roles: Ref[] };

export const membersKey = (tenant: string) => ['tenants', tenant, 'members'] as const;
export const memberKey = (tenant: string, id: string) => ['tenants', tenant, 'members', id] as const;

/** The orders of the members list (`?sort=`): `joined` oldest first, `name` A–Z; each one way only. */
export const MEMBER_SORTS = ['joined', 'name'] as const;
export const memberSortOptions = {
  default: { id: 'joined', desc: false },
  allowed: MEMBER_SORTS,
  fixed: { joined: 'asc', name: 'asc' },
} as const;

/** The members list's filters as the URL holds them (`?q=`, `?role=`); the order comes from `readTableSort`. */
export type MemberListFilters = { q: string; role: string; sort: string };

/** The members list's query key for these filters (the panel and the server prefetch use exactly this). */
export const membersListKey = (tenant: string, filters: MemberListFilters) => [...membersKey(tenant), filters] as const;
