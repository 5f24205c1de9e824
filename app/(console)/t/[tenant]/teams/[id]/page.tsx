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
import { RECORD_PERMISSIONS } from '@/lib/records/record-ref';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { getTeam } from '@/lib/tenancy/get-team';
import type { TeamView } from '@/lib/tenancy/team-schemas';

export const metadata: Metadata = { title: 'Team' };

/**
 * One team: its roles and members, and its notes and attachments (teams.read; adding them needs teams.manage).
 * Everything arrives with the page; an unknown id or another tenant's is the 404 page (./not-found.tsx).
 */
export default async function TeamPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/teams/${raw}`);
  if (!page) return null;
  const tenant = page.tenant.slug;
  const back = (
    <Link href={`/t/${tenant}/teams`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Teams
    </Link>
  );
  if (!page.permissions.includes('teams.read')) {
    return <MissingPermission heading="Team" eyebrow={back} what="teams" permission="teams.read" tenantName={page.tenant.name} />;
  }
  const id = recordIdOrNotFound(raw);
  const record = { type: 'team', id } as const;
  const { state, entries } = await prefetchTenantQueries(page, [
    { key: ['tenants', tenant, 'teams', id, 'page'], access: 'teams.read', load: (ctx) => getTeam(ctx, id) },
    ...notesPanelQueries(tenant, record),
    recordTasksQuery(tenant, record),
  ]);
  const team = entries[0].data as TeamView;
  const membersLink = page.permissions.includes('members.read');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader eyebrow={back} title={team.name} description={team.description ?? 'The team’s roles, members, notes and files.'} />
      <Card role="region" aria-labelledby="team-facts-title">
        <CardHeader>
          <CardTitle as="h2" id="team-facts-title">
            Team
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 text-[13px]">
          <div className="grid gap-1">
            <h3 className="text-xs text-muted-foreground">Roles its members get</h3>
            <div className="flex flex-wrap gap-1">
              {team.roles.length === 0 ? (
                <span className="text-muted-foreground">No roles</span>
              ) : (
                team.roles.map((r) => (
                  <Badge key={r.id} tone="accent">
                    {r.name}
                  </Badge>
                ))
              )}
            </div>
          </div>
          <div className="grid gap-1">
            <h3 className="text-xs text-muted-foreground">Members ({team.memberCount})</h3>
            {team.members.length === 0 ? (
              <span className="text-muted-foreground">No members</span>
            ) : (
              <ul className="flex flex-wrap gap-x-4 gap-y-1" data-testid="team-members">
                {team.members.map((m) => (
                  <li key={m.membershipId} className="min-w-0 break-words">
                    {membersLink ? (
                      <Link href={`/t/${tenant}/members/${m.membershipId}`} className="text-link hover:underline">
                        {m.user.name || m.user.email}
                      </Link>
                    ) : (
                      m.user.name || m.user.email
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </CardContent>
      </Card>
      <QueryProvider state={state}>
        <NotesPanel
          tenant={tenant}
          record={record}
          canAdd={page.permissions.includes(RECORD_PERMISSIONS.team.add)}
          viewerId={page.user.id}
          headingLevel="h2"
        />
        <RecordTasks tenant={tenant} record={{ type: 'team', id: record.id, label: 'this team' }} me={{ id: page.user.id }} />
      </QueryProvider>
    </div>
  );
}
