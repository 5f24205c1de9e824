import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { readTaskFilters, taskListInput, taskListKey } from '@/components/tasks/api';
import { TasksPanel } from '@/components/tasks/tasks-panel';
import { listTasks } from '@/lib/tasks/list-tasks';
import { linkableRecordTypes } from '@/lib/tasks/policy';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Tasks' };

type SearchParams = Record<string, string | string[] | undefined>;

/** Every member's tasks page: my tasks by default, or all; the first page in the URL's filters arrives with the page. */
export default async function TasksPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/tasks`);
  if (!page) return null;
  const filters = readTaskFilters(await searchParams);
  const { state } = await prefetchTenantQueries(page, [
    {
      key: taskListKey(page.tenant.slug, filters),
      load: (ctx) => listTasks(ctx, taskListInput(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <TasksPanel tenant={page.tenant.slug} me={{ id: page.user.id }} recordKinds={linkableRecordTypes(page.permissions)} />
      </Suspense>
    </QueryProvider>
  );
}
