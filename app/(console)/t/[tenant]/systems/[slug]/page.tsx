import type { Metadata } from 'next';
import Link from 'next/link';
import { ChevronLeft } from 'lucide-react';
import { MissingPermission } from '@/components/console/missing-permission';
import { allPages, prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { NotesPanel } from '@/components/records/notes-panel';
import { notesPanelQueries } from '@/components/records/prefetch';
import { RecordTasks } from '@/components/tasks/record-tasks';
import { recordTasksQuery } from '@/components/tasks/prefetch';
import { SystemPage } from '@/components/systems/system-page';
import {
  recentSignInsKey,
  recentSignInsQuery,
  systemClientsKey,
  systemDetailKey,
  systemRolesKey,
} from '@/components/systems/system-page-api';
import { getSystem } from '@/lib/access/get-system';
import { listRoles } from '@/lib/access/list-roles';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { appUrl } from '@/lib/email/outbox';
import { listOidcClients } from '@/lib/oidc-clients/list-oidc-clients';
import { discoveryUrl } from '@/lib/oidc-clients/policy';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'System' };

/**
 * One downstream system: its keys and roles, its OpenID clients and secrets, the discovery address, recent sign-ins,
 * notes and tasks. Needs systems.read; changing clients and the system's state needs systems.manage. Everything
 * arrives with the page; an unknown slug or another tenant's is the 404 page (./not-found.tsx).
 */
export default async function SystemDetailPage({ params }: { params: Promise<{ tenant: string; slug: string }> }) {
  const { tenant: tenantSlug, slug: rawSlug } = await params;
  const slug = decodeURIComponent(rawSlug);
  const page = await consolePage(tenantSlug, `/t/${tenantSlug}/systems/${rawSlug}`);
  if (!page) return null; // a suspended tenant: the layout shows why
  const tenant = page.tenant.slug;
  const back = (
    <Link href={`/t/${tenant}/systems`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Systems
    </Link>
  );
  if (!page.permissions.includes('systems.read')) {
    return <MissingPermission heading="System" eyebrow={back} what="systems" permission="systems.read" tenantName={page.tenant.name} />;
  }
  const can = (permission: string) => page.permissions.includes(permission);
  const { state } = await prefetchTenantQueries(page, [
    { key: systemDetailKey(tenant, slug), access: 'systems.read', load: (ctx) => getSystem(ctx, slug) },
    {
      key: systemClientsKey(tenant, slug),
      access: 'systems.read',
      load: (ctx) => listOidcClients(ctx, slug),
      select: (json: { data: unknown }) => json.data,
    },
    {
      key: systemRolesKey(tenant, slug),
      access: 'roles.read',
      when: can('roles.read'),
      load: async (ctx) => (await allPages((cursor) => listRoles(ctx, { limit: 200, cursor }))).filter((r) => r.system?.slug === slug),
    },
    {
      key: recentSignInsKey(tenant, slug),
      access: 'audit.read',
      when: can('audit.read'),
      load: async (ctx) => listAuditEvents(ctx, recentSignInsQuery((await getSystem(ctx, slug)).id)),
      select: (json: { data: unknown }) => json.data,
    },
    ...notesPanelQueries(tenant, { type: 'system', id: slug }),
    recordTasksQuery(tenant, { type: 'system', id: slug }),
  ]);
  return (
    <QueryProvider state={state}>
      <div className="flex flex-col gap-6">
        <SystemPage tenant={tenant} slug={slug} permissions={page.permissions} discoveryUrl={discoveryUrl(appUrl('/'))} back={back} />
        <NotesPanel
          tenant={tenant}
          record={{ type: 'system', id: slug }}
          canAdd={can('systems.manage')}
          viewerId={page.user.id}
          headingLevel="h2"
        />
        <RecordTasks tenant={tenant} record={{ type: 'system', id: slug, label: 'this system' }} me={{ id: page.user.id }} />
      </div>
    </QueryProvider>
  );
}
