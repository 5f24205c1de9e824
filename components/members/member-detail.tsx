'use client';

import * as React from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { LoadFailed } from '@/components/ui/list-parts';
import { RecordHistory } from '@/components/audit/record-history';
import { permissionTitle } from '@/lib/access/permission-catalog';
import { mayManageMember, type Verdict } from '@/lib/access/policy';
import type { TenantView } from '@/lib/tenancy/schemas';
import { api, ApiError, memberKey, type Member, type MemberPermissions } from './api';
import { EffectivePermissionsCard } from './effective-permissions-card';
import { MemberAttributesCard } from './member-attributes-card';
import { MemberHeader } from './member-header';
import { OverridesCard } from './overrides-card';
import { ResetSecondFactorsButton } from './reset-second-factors-button';
import { RolesTeamsCard } from './roles-teams-card';

export type Viewer = {
  userId: string;
  permissions: string[];
};

/** The member page: who they are, their attributes, roles and teams, overrides and effective permissions with sources. */
export function MemberDetail({ tenant, id, viewer }: { tenant: string; id: string; viewer: Viewer }) {
  const can = React.useMemo(() => new Set(viewer.permissions), [viewer.permissions]);
  const member = useQuery({ queryKey: memberKey(tenant, id), queryFn: () => api<Member>(`/api/v1/tenants/${tenant}/members/${id}`) });
  const perms = useQuery({
    queryKey: [...memberKey(tenant, id), 'permissions'],
    queryFn: () => api<MemberPermissions>(`/api/v1/tenants/${tenant}/members/${id}/permissions`),
  });
  // The attribute definitions live in the tenant's settings (the settings page's query).
  const settings = useQuery({
    queryKey: ['tenant', tenant],
    queryFn: () => api<TenantView>(`/api/v1/tenants/${tenant}`),
    enabled: can.has('tenant.read'),
  });

  if (member.isPending) return <DetailSkeleton />;
  if (member.isError) {
    return (
      <LoadFailed
        title={member.error instanceof ApiError && member.error.status === 404 ? 'No such member' : 'The member could not be loaded.'}
        query={member}
      />
    );
  }
  const m = member.data;
  const self = m.user.id === viewer.userId;
  // Manage only within your power (lib/access/policy.ts): decided once the member's effective permissions are in.
  const held = perms.data ? new Set(perms.data.permissions.filter((p) => p.allowed).map((p) => p.permission)) : null;
  const power: Verdict | null = held
    ? mayManageMember({ id: viewer.userId, permissions: can }, { id: m.user.id, permissions: held })
    : null;
  const manageable = power?.allowed === true;
  return (
    <div className="grid gap-4">
      <MemberHeader tenant={tenant} member={m} canRemove={can.has('members.remove') && manageable} />
      {self ? (
        <Alert tone="info" title="This is you">
          Nobody changes their own roles, teams or overrides. Ask another member who may change members.
        </Alert>
      ) : power && !power.allowed && (can.has('members.update') || can.has('members.remove')) ? (
        <Alert tone="info" title="You cannot change this member" data-testid="beyond-power">
          They hold {power.missing.length === 1 ? 'a permission' : 'permissions'} you may not grant:{' '}
          {power.missing.map((key) => permissionTitle(key)).join(', ')}. Only someone who may grant everything they hold can change their
          roles, teams or overrides, or remove them.
        </Alert>
      ) : null}
      {can.has('tenant.read') && settings.isPending ? null : (
        <MemberAttributesCard
          tenant={tenant}
          member={m}
          definitions={settings.data?.settings.memberAttributes ?? null}
          // Attributes grant nothing: one's own may be filled in too (still only within one's power).
          editable={can.has('members.update') && (manageable || (self && power !== null))}
        />
      )}
      <RolesTeamsCard tenant={tenant} member={m} editable={can.has('members.update') && manageable} can={can} />
      <OverridesCard tenant={tenant} member={m} perms={perms} editable={can.has('members.update') && manageable} can={can} />
      <EffectivePermissionsCard perms={perms} />
      <ResetSecondFactorsButton tenant={tenant} member={m} viewer={{ userId: viewer.userId, permissions: can }} held={held} />
      {can.has('audit.read') ? (
        <Card className="overflow-hidden" aria-labelledby="member-history-title" role="region">
          <CardHeader className="flex-col gap-1 pb-3">
            <CardTitle id="member-history-title">History</CardTitle>
            <CardDescription>Changes of this membership from the audit trail: roles, teams, overrides, removal.</CardDescription>
          </CardHeader>
          <div className="border-t border-border">
            <RecordHistory tenant={tenant} targetType="member" targetId={m.id} targetName={m.user.name} version={member.dataUpdatedAt} />
          </div>
        </Card>
      ) : null}
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy="true" className="grid gap-4">
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-48 w-full" />
      <Skeleton className="h-64 w-full" />
      <span className="sr-only">Loading the member…</span>
    </div>
  );
}
