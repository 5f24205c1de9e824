import { getTenant } from '@/lib/tenancy/get-tenant';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ChevronLeft } from 'lucide-react';
import { MissingPermission } from '@/components/console/missing-permission';
import { MemberDetail } from '@/components/members/member-detail';
import { RecordTasks } from '@/components/tasks/record-tasks';
import { recordTasksQuery } from '@/components/tasks/prefetch';
import { NotesPanel } from '@/components/records/notes-panel';
import { notesPanelQueries } from '@/components/records/prefetch';
import { memberKey } from '@/components/members/api';
import { auditKey } from '@/components/audit/api';
import { firstPage, loadTime, prefetchTenantQueries, recordIdOrNotFound } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { PageHeader } from '@/components/ui/page-header';
import { getMemberPermissions } from '@/lib/access/member-permissions';
import { listRoles } from '@/lib/access/list-roles';
import { listSystems } from '@/lib/access/list-systems';
import { listTeams } from '@/lib/tenancy/list-teams';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { getMember } from '@/lib/tenancy/list-members';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Member' };

/**
 * One member: roles and teams, overrides, and effective permissions with their sources. Needs members.read.
 * The member and their effective permissions arrive with the page; an unknown, removed or another tenant's member
 * is the 404 page (./not-found.tsx).
 */
export default async function MemberPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/members/${raw}`);
  if (!page) return null;
  const tenant = page.tenant.slug;
  const back = (
    <Link href={`/t/${tenant}/members`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Members
    </Link>
  );
  if (!page.permissions.includes('members.read')) {
    return <MissingPermission heading="Member" eyebrow={back} what="members" permission="members.read" tenantName={page.tenant.name} />;
  }
  const id = recordIdOrNotFound(raw);
  const can = (permission: string) => page.permissions.includes(permission);
  const editor = can('members.update');
  // The History card is keyed by the member's dataUpdatedAt (components/audit/record-history.tsx): one time for both.
  const loadedAt = loadTime();
  const { state } = await prefetchTenantQueries(page, [
    { key: memberKey(tenant, id), access: 'members.read', updatedAt: loadedAt, load: (ctx) => getMember(ctx, id) },
    { key: [...memberKey(tenant, id), 'permissions'], access: 'members.read', load: (ctx) => getMemberPermissions(ctx, id) },
    // The attribute definitions of the Attributes card (the tenant, under the settings page's key).
    { key: ['tenant', tenant], access: 'tenant.read', when: can('tenant.read'), load: (ctx) => getTenant(ctx) },
    // The choices of the roles, teams and overrides cards (components/members/*-card.tsx), for those who may edit.
    {
      key: ['tenants', tenant, 'roles', 'options'],
      access: 'roles.read',
      when: editor && can('roles.read'),
      load: (ctx) => listRoles(ctx, { limit: 200 }),
    },
    {
      key: ['tenants', tenant, 'teams', 'options'],
      access: 'teams.read',
      when: editor && can('teams.read'),
      load: (ctx) => listTeams(ctx, { limit: 200 }),
    },
    {
      key: ['tenants', tenant, 'systems', 'options'],
      access: 'systems.read',
      when: editor && can('systems.read'),
      load: (ctx) => listSystems(ctx, { limit: 200 }),
    },
    {
      key: [...auditKey(tenant), 'record', 'member', id, loadedAt],
      access: 'audit.read',
      when: can('audit.read'),
      load: (ctx) => listAuditEvents(ctx, { targetType: 'member', targetId: id, limit: 20 }),
      select: firstPage,
    },
    ...notesPanelQueries(tenant, { type: 'member', id }),
    recordTasksQuery(tenant, { type: 'member', id }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader eyebrow={back} title="Member" description="Roles, teams, overrides and what they add up to." />
      <QueryProvider state={state}>
        <MemberDetail tenant={tenant} id={id} viewer={{ userId: page.user.id, permissions: page.permissions }} />
        <RecordTasks tenant={tenant} record={{ type: 'member', id, label: 'this member' }} me={{ id: page.user.id }} />
        <NotesPanel tenant={tenant} record={{ type: 'member', id }} canAdd={editor} viewerId={page.user.id} headingLevel="h2" />
      </QueryProvider>
    </div>
  );
}
