import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { readTeamListFilters, teamListQuery, teamsListKey } from '@/components/teams/api';
import { listTeams } from '@/lib/tenancy/list-teams';
import { TeamsPanel } from '@/components/teams/teams-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Teams' };

/** Teams with their members and roles. Needs teams.read; changes need teams.manage. The first page arrives with the page. */
export default async function TeamsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/teams`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('teams.read')) {
    return <MissingPermission heading="Teams" what="teams" permission="teams.read" tenantName={loaded.tenant.name} />;
  }
  const filters = readTeamListFilters(await searchParams);
  const { state } = await prefetchTenantQueries(loaded, [
    {
      key: teamsListKey(loaded.tenant.slug, filters),
      access: 'teams.read',
      load: (ctx) => listTeams(ctx, teamListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <TeamsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
