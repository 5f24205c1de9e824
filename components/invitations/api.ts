import { readParam, readTableSort, type ParamSource } from '@/components/ui/table-sort';

export { ApiError, api } from '@/components/api-client';
import { fetchAll, type Role, type Team } from '@/components/roles/api';
import {
  INVITATION_SORT_DIRS,
  INVITATION_SORTS,
  INVITATION_STATUSES,
  type BulkInviteResult,
  type InvitationList,
  type InvitationSort,
  type InvitationStatus,
  type InvitationView,
  type Seats,
} from '@/lib/invitations/schemas';

export type { BulkInviteResult, InvitationList, InvitationStatus, InvitationView, Seats, Role, Team };

/** Every invitations query of a tenant (the list under each filter): invalidate this after a mutation. */
export const invitationsKey = (tenant: string) => ['tenants', tenant, 'invitations'] as const;

/** The invitations list's query key for its filters and order (the panel and the server prefetch use exactly this). */
export const invitationsListKey = (tenant: string, filters: { q: string; status: string; sort: string; dir: string }) =>
  [...invitationsKey(tenant), filters] as const;

/** The orders of the invitations list (`?sort=&dir=`): newest first by default; each header turns both ways. */
export const invitationSortOptions = {
  default: { id: 'created', desc: INVITATION_SORT_DIRS.created === 'desc' },
  allowed: INVITATION_SORTS,
};

/** The status filter as the URL holds it (`?status=`); anything else means all. */
export function invitationStatusFilter(value: string | null | undefined): '' | InvitationStatus {
  return INVITATION_STATUSES.find((s) => s === value) ?? '';
}

export const invitationsPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/invitations`;

/** The roles and teams a new member can be given (all of them: they are few). */
export const fetchRoles = (tenant: string) => fetchAll<Role>(`/api/v1/tenants/${encodeURIComponent(tenant)}/roles`);
export const fetchTeams = (tenant: string) => fetchAll<Team>(`/api/v1/tenants/${encodeURIComponent(tenant)}/teams`);

export type InvitationListFilters = { q: string; status: '' | InvitationStatus; sort: InvitationSort; dir: 'asc' | 'desc' };

/** The invitations list's filters and order from the URL: the panel and the server page read it alike. */
export function readInvitationListFilters(source: ParamSource): InvitationListFilters {
  const sort = readTableSort(source, invitationSortOptions);
  return {
    q: readParam(source, 'q') ?? '',
    status: invitationStatusFilter(readParam(source, 'status')),
    sort: sort.id as InvitationSort,
    dir: sort.desc ? 'desc' : 'asc',
  };
}

/** The API query of the invitations list's first page for these filters (the loader takes it as is). */
export function invitationListQuery(filters: InvitationListFilters): {
  limit: string;
  q?: string;
  status?: InvitationStatus;
  sort?: InvitationSort;
  dir?: 'asc' | 'desc';
} {
  const isDefault = filters.sort === 'created' && filters.dir === 'desc';
  return {
    limit: '50',
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    ...(isDefault ? {} : { sort: filters.sort, dir: filters.dir }),
  };
}
