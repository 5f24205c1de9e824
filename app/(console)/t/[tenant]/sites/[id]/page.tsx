import type { Metadata } from 'next';
import Link from 'next/link';
import { ChevronLeft } from 'lucide-react';
import { MissingPermission } from '@/components/console/missing-permission';
import { prefetchTenantQueries, recordIdOrNotFound } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { NotesPanel } from '@/components/records/notes-panel';
import { RecordTasks } from '@/components/tasks/record-tasks';
import { recordTasksQuery } from '@/components/tasks/prefetch';
import { notesPanelQueries } from '@/components/records/prefetch';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getSite } from '@/lib/quality/get-site';
import type { SiteView } from '@/lib/quality/schemas';
import { RECORD_PERMISSIONS } from '@/lib/records/record-ref';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Site' };

/**
 * One manufacturing site: its facts, and its notes and attachments (sites.read; adding them needs sites.manage).
 * Everything arrives with the page; an unknown id or another tenant's is the 404 page (./not-found.tsx).
 */
export default async function SitePage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/sites/${raw}`);
  if (!page) return null;
  const tenant = page.tenant.slug;
  const back = (
    <Link href={`/t/${tenant}/sites`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Sites
    </Link>
  );
  if (!page.permissions.includes('sites.read')) {
    return <MissingPermission heading="Site" eyebrow={back} what="the sites" permission="sites.read" tenantName={page.tenant.name} />;
  }
  const id = recordIdOrNotFound(raw);
  const record = { type: 'site', id } as const;
  const { state, entries } = await prefetchTenantQueries(page, [
    { key: ['tenants', tenant, 'sites', id, 'page'], access: 'sites.read', load: (ctx) => getSite(ctx, id) },
    ...notesPanelQueries(tenant, record),
    recordTasksQuery(tenant, record),
  ]);
  const site = entries[0].data as SiteView;
  const facts: [string, React.ReactNode][] = [
    [
      'Code',
      <span key="code" className="font-mono text-xs">
        {site.code}
      </span>,
    ],
    ['Address', site.address ?? '—'],
    [
      'GMP licence',
      site.licenseNumber ? (
        <span key="licence" className="font-mono text-xs">
          {site.licenseNumber}
        </span>
      ) : (
        '—'
      ),
    ],
    [
      'Status',
      <Badge key="status" tone={site.active ? 'success' : 'neutral'} dot>
        {site.active ? 'Active' : 'Inactive'}
      </Badge>,
    ],
  ];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader eyebrow={back} title={site.name} description="The site's facts, notes and files." />
      <Card role="region" aria-labelledby="site-facts-title">
        <CardHeader>
          <CardTitle as="h2" id="site-facts-title">
            Site
          </CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-[13px] sm:grid-cols-2" data-testid="site-facts">
            {facts.map(([term, value]) => (
              <div key={term} className="grid min-w-0 gap-0.5">
                <dt className="text-xs text-muted-foreground">{term}</dt>
                <dd className="break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      <QueryProvider state={state}>
        <NotesPanel
          tenant={tenant}
          record={record}
          canAdd={page.permissions.includes(RECORD_PERMISSIONS.site.add)}
          viewerId={page.user.id}
          headingLevel="h2"
        />
        <RecordTasks tenant={tenant} record={{ type: 'site', id: record.id, label: 'this site' }} me={{ id: page.user.id }} />
      </QueryProvider>
    </div>
  );
}
