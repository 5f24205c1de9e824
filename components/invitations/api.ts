'use client';

export { ApiError, api } from '@/components/api-client';
import { fetchAll, type Role, type Team } from '@/components/roles/api';
import type { BulkInviteResult, InvitationList, InvitationStatus, InvitationView, Seats } from '@/lib/invitations/schemas';

export type { BulkInviteResult, InvitationList, InvitationStatus, InvitationView, Seats, Role, Team };

/** Every invitations query of a tenant (the list under each filter): invalidate this after a mutation. */
export const invitationsKey = (tenant: string) => ['tenants', tenant, 'invitations'] as const;

export const invitationsPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/invitations`;

/** The roles and teams a new member can be given (all of them: they are few). */
export const fetchRoles = (tenant: string) => fetchAll<Role>(`/api/v1/tenants/${encodeURIComponent(tenant)}/roles`);
export const fetchTeams = (tenant: string) => fetchAll<Team>(`/api/v1/tenants/${encodeURIComponent(tenant)}/teams`);
