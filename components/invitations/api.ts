export { ApiError, api } from '@/components/api-client';
import { fetchAll, type Role, type Team } from '@/components/roles/api';
import {
  INVITATION_SORT_DIRS,
  INVITATION_SORTS,
  INVITATION_STATUSES,
  type BulkInviteResult,
  type InvitationList,
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
